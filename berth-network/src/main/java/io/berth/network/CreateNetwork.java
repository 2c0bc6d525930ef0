package io.berth.network;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /networks/create}'s settings.
 *
 * @param driver "" or null for {@code bridge}
 * @param pools IPAM.Config, in order (IPv4 and IPv6 pools may be mixed)
 * @param scope "" or {@code local}; {@code swarm} and {@code global} need a swarm
 * @param checkDuplicate CheckDuplicate as sent, or null when absent
 * @param refuseDuplicates true when a same-named network is refused whatever CheckDuplicate
 *     says (API 1.44 and later, where CheckDuplicate is deprecated), false for older clients
 */
public record CreateNetwork(String name, String driver, String ipamDriver, List<IpamPool> pools,
    boolean internal, boolean attachable, boolean ingress, boolean enableIpv6, String scope,
    Boolean checkDuplicate, boolean refuseDuplicates, Map<String, String> labels,
    Map<String, String> options) {

  public CreateNetwork {
    pools = pools == null ? List.of() : List.copyOf(pools);
    labels = labels == null ? Map.of() : labels;
    options = options == null ? Map.of() : options;
  }

  /** A plain bridge network with one IPv4 pool (or none, for one from the address pools). */
  public static CreateNetwork bridge(String name, String subnet, String gateway,
      boolean internal) {
    return new CreateNetwork(name, "bridge", null, subnet == null ? List.of()
        : List.of(new IpamPool(subnet, null, gateway, null)), internal, false, false, false,
        null, true, true, Map.of(), Map.of());
  }
}
