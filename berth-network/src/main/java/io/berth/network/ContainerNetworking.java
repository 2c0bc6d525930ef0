package io.berth.network;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the container engine asks of networking over a container's life: {@link #plan} at
 * create, {@link #setUp} at start, {@link #tearDown} when the process has ended,
 * {@link #forget} at remove. {@link NetworkService} is the implementation; {@link #NONE} gives
 * every container a namespace of its own with no interfaces (the engine without networking).
 */
public interface ContainerNetworking {
  /**
   * Validates and records a new container's network settings.
   *
   * @throws io.berth.common.BerthException.NotFound {@code network x not found}
   * @throws io.berth.common.BerthException.InvalidArgument for settings Docker refuses
   */
  void plan(PlanRequest request);

  /**
   * Prepares the container's network before its process starts: namespace, interfaces,
   * addresses, published ports. A failure leaves nothing behind.
   *
   * @param joinContainerId for {@code container:<x>} mode, x's full id; otherwise null
   */
  Attachment setUp(String containerId, String joinContainerId);

  /** Releases what {@link #setUp} made; doing it twice is harmless. */
  void tearDown(String containerId);

  /** Tears down and forgets the container (at remove). */
  void forget(String containerId);

  /** Follows a rename, so that DNS answers the new name. */
  void rename(String containerId, String name);

  /** The container's networking for inspect, or empty for a container berth did not plan. */
  Optional<ContainerNetworkView> view(String containerId);

  /**
   * After a daemon restart: tears down what containers that no longer run left behind, and
   * serves the embedded DNS of those that run again.
   *
   * @return the running containers that got their embedded DNS only now (started by a berth
   *     whose DNS was on the gateway): their resolv.conf must now name 127.0.0.11
   */
  Set<String> adopt(Set<String> runningContainerIds);

  /**
   * A TCP connection to {@code port} on the loopback address inside the running container's
   * network namespace, its host's with {@code --network host}: what kubelet's port-forward
   * reaches, a server in the pod that listens on localhost included.
   *
   * @throws io.berth.common.BerthException.Conflict when the container has no namespace
   *     (it does not run)
   * @throws IOException when the connection fails (refused: nothing listens)
   */
  default SocketChannel connect(String containerId, int port) throws IOException {
    throw new IOException("no network namespaces here");
  }

  /**
   * The create-time settings.
   *
   * @param mode HostConfig.NetworkMode
   * @param autoRemove HostConfig.AutoRemove: the container's network record is written without
   *     fsync, as its container records are (nothing of it is meant to outlive a host crash)
   * @param endpoints NetworkingConfig.EndpointsConfig, by network name or id
   */
  record PlanRequest(String containerId, String name, String mode,
      Map<String, EndpointRequest> endpoints, Map<String, List<Map<String, String>>> portBindings,
      boolean publishAll, List<String> exposedPorts, String macAddress, List<String> dns,
      boolean autoRemove) {
    public PlanRequest(String containerId, String name, String mode,
        Map<String, EndpointRequest> endpoints,
        Map<String, List<Map<String, String>>> portBindings, boolean publishAll,
        List<String> exposedPorts, String macAddress, List<String> dns) {
      this(containerId, name, mode, endpoints, portBindings, publishAll, exposedPorts,
          macAddress, dns, false);
    }

    public PlanRequest(String containerId, String name, String mode,
        Map<String, EndpointRequest> endpoints,
        Map<String, List<Map<String, String>>> portBindings, boolean publishAll,
        List<String> exposedPorts, String macAddress) {
      this(containerId, name, mode, endpoints, portBindings, publishAll, exposedPorts,
          macAddress, null);
    }
  }

  /**
   * One EndpointsConfig entry: Aliases, IPAMConfig (IPv4Address, IPv6Address, LinkLocalIPs),
   * Links ({@code name:alias}) and DriverOpts.
   */
  record EndpointRequest(List<String> aliases, String ipv4Address, String ipv6Address,
      List<String> linkLocalIps, List<String> links, Map<String, String> driverOpts) {
    public EndpointRequest(List<String> aliases, String ipv4Address) {
      this(aliases, ipv4Address, null, null, null, null);
    }
  }

  /**
   * What the spec and the container's files need.
   *
   * @param netns the namespace to join, or null for a new one (or the host's, see below)
   * @param hostNetwork share the host's network namespace
   * @param ip the container's address on its first network, or null
   * @param nameservers the resolv.conf servers ({@code 127.0.0.11}, the embedded DNS), or null
 *     for the host's
   * @param gateway the first network's gateway, what {@code --add-host x:host-gateway} names
   */
  record Attachment(Path netns, boolean hostNetwork, String ip, List<String> nameservers,
      String gateway) {}

  ContainerNetworking NONE = new ContainerNetworking() {
    @Override
    public void plan(PlanRequest request) {}

    @Override
    public Attachment setUp(String containerId, String joinContainerId) {
      return new Attachment(null, false, null, null, null);
    }

    @Override
    public void tearDown(String containerId) {}

    @Override
    public void forget(String containerId) {}

    @Override
    public void rename(String containerId, String name) {}

    @Override
    public Optional<ContainerNetworkView> view(String containerId) {
      return Optional.empty();
    }

    @Override
    public Set<String> adopt(Set<String> runningContainerIds) {
      return Set.of();
    }
  };
}
