package io.berth.network;

/**
 * What makes a published port reachable on the host beyond berth's DNAT rules. Rooted berthd
 * needs nothing more ({@link #NONE}); rootless berthd lives in a network namespace of its own
 * and asks its port forwarder (slirp4netns, {@link SlirpHostPorts}) to listen on the host.
 */
public interface HostPorts {
  /** Nothing beyond the DNAT rules: berthd's network namespace is the host's. */
  HostPorts NONE = new HostPorts() {
    @Override
    public void open(ContainerNet c) {}

    @Override
    public void close(String containerId) {}

    @Override
    public boolean dnatByHostAddress() {
      return true;
    }
  };

  /**
   * Opens the container's published ports on the host side.
   *
   * @throws io.berth.common.BerthException a conflict when the host has a port taken; nothing
   *     of this container is left open then
   */
  void open(ContainerNet c);

  /** Closes what {@link #open} opened for the container; nothing when it opened nothing. */
  void close(String containerId);

  /**
   * Whether the DNAT rules should match the published host address. False when the forwarder
   * delivers the host's traffic to another address of berthd's namespace (slirp4netns: its tap
   * address), where the host address was already enforced by the forwarder's listener.
   */
  boolean dnatByHostAddress();
}
