package io.berth.network;

import io.berth.common.BerthException;
import io.berth.network.ContainerNetworking.EndpointRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container's endpoint settings as asked for at create or connect, checked as dockerd checks
 * them (aliases and static addresses only on user networks, addresses that parse, links that
 * parse), and the small choices around them. Pure.
 */
final class EndpointPlans {
  private EndpointPlans() {}

  static EndpointRequest find(Map<String, EndpointRequest> eps, NetworkRecord n) {
    for (Map.Entry<String, EndpointRequest> e : eps.entrySet()) {
      if (e.getKey().equals(n.name()) || e.getKey().equals(n.id())
          || (n.isDefaultBridge() && e.getKey().equals("default"))) {
        return e.getValue();
      }
    }
    return null;
  }

  static ContainerNet.EndpointSettings settings(NetworkRecord n, EndpointRequest req) {
    if (req == null) {
      return new ContainerNet.EndpointSettings(List.of(), null);
    }
    List<String> aliases = req.aliases() == null ? List.of() : req.aliases();
    if (!aliases.isEmpty() && n.isDefaultBridge()) {
      throw BerthException.invalid("network-scoped alias is supported only for containers in"
          + " user defined networks");
    }
    String ip = empty(req.ipv4Address()) ? null : req.ipv4Address();
    String ip6 = empty(req.ipv6Address()) ? null : req.ipv6Address();
    if (ip != null) {
      Cidr.parseAddress(ip);
    }
    if (ip6 != null) {
      Cidr6.parseAddress(ip6);
    }
    if ((ip != null || ip6 != null) && n.isDefaultBridge()) {
      throw BerthException.invalid("user specified IP address is supported on user defined"
          + " networks only");
    }
    List<String> linkLocal = req.linkLocalIps() == null ? List.of() : req.linkLocalIps();
    for (String l : linkLocal) {
      if (l.contains(":")) {
        Cidr6.parseAddress(l);
      } else {
        Cidr.parseAddress(l);
      }
    }
    List<String> links = new ArrayList<>();
    for (String l : req.links() == null ? List.<String>of() : req.links()) {
      links.add(Links.parse(l).toString());
    }
    return new ContainerNet.EndpointSettings(aliases, ip, ip6, linkLocal, links,
        req.driverOpts());
  }

  static boolean empty(String s) {
    return s == null || s.isEmpty();
  }

  /** The lowest {@code ethN} that none of the endpoints uses. */
  static String nextInterface(List<ContainerNet.Endpoint> eps) {
    for (int i = 0; ; i++) {
      String name = "eth" + i;
      if (eps.stream().noneMatch(e -> name.equals(e.ifName()))) {
        return name;
      }
    }
  }

  static Map<String, List<Map<String, String>>> nz(
      Map<String, List<Map<String, String>>> m) {
    return m == null ? Map.of() : m;
  }

  static String strip(String name) {
    return name != null && name.startsWith("/") ? name.substring(1) : name;
  }
}
