package io.berth.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One network as {@code <root>/network/networks/<id>.json} keeps it.
 *
 * @param driver {@code bridge}, {@code host} or {@code null} (the predefined {@code none})
 * @param bridge the Linux bridge's name; null for host and none
 * @param subnet {@code 172.18.0.0/16}; null for host and none
 * @param predefined {@code bridge}, {@code host} and {@code none}: cannot be removed
 * @param pools IPAM.Config as created (the first IPv4 pool is {@code subnet}/{@code gateway});
 *     records written before pools were kept get one made from subnet and gateway
 * @param scope {@code local}, or {@code swarm} for a network of berth's single-node swarm
 *     ({@link SwarmNetworks}); records written before scopes were kept are local
 * @param ingress the swarm's routing-mesh network ({@code ingress}, made by {@code swarm init})
 */
public record NetworkRecord(
    @JsonProperty("Id") String id,
    @JsonProperty("Name") String name,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Bridge") String bridge,
    @JsonProperty("Subnet") String subnet,
    @JsonProperty("Gateway") String gateway,
    @JsonProperty("Internal") boolean internal,
    @JsonProperty("Attachable") boolean attachable,
    @JsonProperty("EnableIPv6") boolean enableIpv6,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("Options") Map<String, String> options,
    @JsonProperty("Created") String created,
    @JsonProperty("Predefined") boolean predefined,
    @JsonProperty("Pools") List<IpamPool> pools,
    @JsonProperty("Scope") String scope,
    @JsonProperty("Ingress") boolean ingress) {

  public static final String LOCAL = "local";
  public static final String SWARM = "swarm";

  public NetworkRecord {
    scope = scope == null || scope.isEmpty() ? LOCAL : scope;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    options = options == null ? Map.of() : Map.copyOf(options);
    if (pools == null || pools.isEmpty()) {
      pools = subnet == null ? List.of() : List.of(new IpamPool(subnet, null, gateway, null));
    } else {
      pools = List.copyOf(pools);
    }
  }

  /** A local network (the scope and ingress flag a swarm network has are left out). */
  public NetworkRecord(String id, String name, String driver, String bridge, String subnet,
      String gateway, boolean internal, boolean attachable, boolean enableIpv6,
      Map<String, String> labels, Map<String, String> options, String created,
      boolean predefined, List<IpamPool> pools) {
    this(id, name, driver, bridge, subnet, gateway, internal, attachable, enableIpv6, labels,
        options, created, predefined, pools, LOCAL, false);
  }

  /** The first IPv4 pool (the one {@link #subnet} names), or null for host and none. */
  public IpamPool ipv4Pool() {
    return pools.stream().filter(p -> !p.ipv6()).findFirst().orElse(null);
  }

  /** The first IPv6 pool, or null. */
  public IpamPool ipv6Pool() {
    return pools.stream().filter(IpamPool::ipv6).findFirst().orElse(null);
  }

  /**
   * Served by a Linux bridge on this host: a bridge network, or an attachable swarm network
   * (which berth's single-node swarm serves with a bridge; the others have none).
   */
  public boolean isBridge() {
    return "bridge".equals(driver) || (isSwarm() && bridge != null);
  }

  /** A network of the swarm: it goes when the node leaves the swarm. */
  public boolean isSwarm() {
    return SWARM.equals(scope);
  }

  /** An overlay network: a bridge on each host joined by VXLAN (ADR 0124). */
  public boolean isOverlay() {
    return "overlay".equals(driver);
  }

  /** Whether containers get a veth endpoint on its bridge: bridge and overlay networks. */
  public boolean carriesEndpoints() {
    return (isBridge() || isOverlay()) && bridge != null;
  }

  /** The default {@code bridge} network: no embedded DNS, settings shown at inspect's top. */
  public boolean isDefaultBridge() {
    return predefined && isBridge();
  }

  public int prefixLen() {
    return subnet == null ? 0 : Cidr.parse(subnet).prefix();
  }
}
