/** OCI image-spec and runtime-spec records and media types. */
package io.berth.oci;
