/**
 * Spec generation: a pure function from a container's settings ({@link
 * io.berth.engine.spec.ContainerSpecInput}) to an OCI runtime spec ({@link
 * io.berth.oci.runtime.RuntimeSpec}), following Docker's rules (moby {@code daemon/oci_linux.go},
 * {@code oci/defaults.go}). Nothing here touches the file system, the clock or the host.
 */
package io.berth.engine.spec;
