package io.berth.engine.spec;

import io.berth.oci.ImageConfig;
import java.util.Objects;

/**
 * Everything {@link SpecGenerator} needs: the image's run defaults, the container's Config and
 * HostConfig as Docker's create received them, and the facts the engine has prepared (paths,
 * namespaces, the image's {@code /etc/passwd}).
 *
 * @param image the image's {@code config} section; {@link ImageConfig.RunConfig#empty()} if none
 * @param container Docker's container {@code Config} overrides
 * @param host Docker's {@code HostConfig} settings that shape the spec
 * @param context paths and host facts prepared by the engine
 */
public record ContainerSpecInput(
    ImageConfig.RunConfig image,
    ContainerSettings container,
    HostSettings host,
    SpecContext context) {

  public ContainerSpecInput {
    image = image == null ? ImageConfig.RunConfig.empty() : image;
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(context, "context");
  }
}
