package io.berth.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What berth's nftables table must say: the bridges it owns and the ports it publishes.
 *
 * @param table the name of berth's own {@code ip} table (daemon flag {@code --nft-table})
 */
public record FirewallState(String table, List<Bridge> bridges, List<Published> ports) {
  public FirewallState {
    bridges = List.copyOf(bridges);
    ports = List.copyOf(ports);
  }

  /** The state for these networks and containers: every bridge, every running port. */
  static FirewallState of(String table, Collection<NetworkRecord> networks,
      Collection<ContainerNet> containers) {
    return of(table, networks, containers, true);
  }

  /**
   * The same; without {@code byHostAddress} the rules match a published port on any local
   * address (rootless: slirp4netns enforces the host address and delivers to its tap address).
   */
  static FirewallState of(String table, Collection<NetworkRecord> networks,
      Collection<ContainerNet> containers, boolean byHostAddress) {
    List<FirewallState.Bridge> bridges = new ArrayList<>();
    for (NetworkRecord n : networks) {
      if (n.carriesEndpoints()) {
        bridges.add(new FirewallState.Bridge(n.bridge(), n.subnet(), n.internal()));
      }
    }
    List<FirewallState.Published> ports = new ArrayList<>();
    List<ContainerNet> sorted = new ArrayList<>(containers);
    sorted.sort(java.util.Comparator.comparing(ContainerNet::containerId));
    for (ContainerNet c : sorted) {
      if (c.endpoints().isEmpty()) {
        continue;
      }
      String ip = c.endpoints().getFirst().ip();
      for (ContainerNet.PortMapping p : c.ports()) {
        ports.add(new FirewallState.Published(p.proto(), byHostAddress ? p.hostIp() : "",
            p.hostPort(), ip,
            p.containerPort()));
      }
    }
    return new FirewallState(table, bridges, ports);
  }

  /** A bridge network: its interface, subnet, and whether it may reach outside. */
  public record Bridge(String name, String subnet, boolean internal) {}

  /**
   * A published port: traffic to {@code hostIp:hostPort} ({@code 0.0.0.0} = any of the host's
   * addresses) goes to {@code containerIp:containerPort}.
   */
  public record Published(String proto, String hostIp, int hostPort, String containerIp,
      int containerPort) {}
}
