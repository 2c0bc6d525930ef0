package io.berth.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The predefined {@code bridge} network as the daemon's options ask for it: the interface of
 * {@code --bridge}, the address of {@code --bip}, else the subnet of the last run's record,
 * else the address the interface already carries on the host (so a second daemon or a new
 * root never stacks another gateway on it), else the first free one of the address pools.
 * Pure but for the pools' choice.
 */
final class DefaultBridge {
  private DefaultBridge() {}

  /**
   * @param old the record from the last run, or null
   * @param taken subnets of host routes and other networks
   * @param onBridge the IPv4 addresses the interface has now ({@code 172.17.0.1/16}), or none
   * @return the record, equal to {@code old} when nothing changed; null for {@code --bridge none}
   */
  static NetworkRecord desired(NetworkOptions options, NetworkRecord old, List<String> taken,
      AddressPools pools, List<String> onBridge) {
    if (options.bridge() == null || options.bridge().equals("none")) {
      return null;
    }
    String subnet;
    String gateway;
    if (options.bip() != null && !options.bip().isEmpty()) {
      Cidr c = Cidr.parse(options.bip());
      subnet = c.toString();
      gateway = Cidr.format(c.host() == c.network() ? c.nth(1) : c.host());
    } else if (old != null && old.bridge().equals(options.bridge())) {
      subnet = old.subnet();
      gateway = old.gateway();
    } else if (!onBridge.isEmpty()) {
      Cidr c = Cidr.parse(onBridge.getFirst());
      subnet = c.toString();
      gateway = Cidr.format(c.host());
    } else {
      subnet = pools.next(taken);
      gateway = Cidr.format(Cidr.parse(subnet).nth(1));
    }
    List<IpamPool> pools6 = List.of(new IpamPool(subnet, null, gateway, null));
    if (options.ipv6()) {
      if (options.fixedCidrV6() == null || options.fixedCidrV6().isEmpty()) {
        throw io.berth.common.BerthException.invalid("--ipv6 needs --fixed-cidr-v6 for the"
            + " default bridge");
      }
      Cidr6 v6 = Cidr6.parse(options.fixedCidrV6());
      pools6 = List.of(pools6.getFirst(), new IpamPool(v6.toString(), null,
          Cidr6.format(v6.nth(1)), null));
    }
    int mtu = options.mtu() <= 0 ? 1500 : options.mtu();
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("com.docker.network.bridge.default_bridge", "true");
    opts.put("com.docker.network.bridge.enable_icc", "true");
    opts.put("com.docker.network.bridge.enable_ip_masquerade", "true");
    opts.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
    opts.put("com.docker.network.bridge.name", options.bridge());
    opts.put("com.docker.network.driver.mtu", Integer.toString(mtu));
    if (old != null && old.bridge().equals(options.bridge()) && old.subnet().equals(subnet)
        && old.gateway().equals(gateway) && old.options().equals(opts)
        && old.enableIpv6() == options.ipv6() && old.pools().equals(pools6)) {
      return old;
    }
    return new NetworkRecord(old != null ? old.id() : io.berth.common.Ids.random(), "bridge",
        "bridge", options.bridge(), subnet, gateway, false, false, options.ipv6(), Map.of(),
        opts, old != null ? old.created() : java.time.Instant.now().toString(), true, pools6);
  }
}
