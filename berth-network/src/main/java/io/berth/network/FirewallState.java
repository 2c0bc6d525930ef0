package io.berth.network;

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

  /** A bridge network: its interface, subnet, and whether it may reach outside. */
  public record Bridge(String name, String subnet, boolean internal) {}

  /**
   * A published port: traffic to {@code hostIp:hostPort} ({@code 0.0.0.0} = any of the host's
   * addresses) goes to {@code containerIp:containerPort}.
   */
  public record Published(String proto, String hostIp, int hostPort, String containerIp,
      int containerPort) {}
}
