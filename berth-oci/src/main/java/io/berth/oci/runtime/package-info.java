/**
 * OCI runtime-spec records ({@code config.json} of a bundle), as far as berth writes them. JSON
 * names follow runtime-spec 1.0.2 exactly; absent (null) fields are left out when written with
 * {@link io.berth.oci.OciJson#MAPPER}.
 */
package io.berth.oci.runtime;
