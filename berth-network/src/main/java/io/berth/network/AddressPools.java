package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Command;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Picks subnets for networks created without one, from {@code default-address-pools} (Docker's
 * defaults: 172.17–31.0.0/16, then 192.168.0.0/16 in /20s), skipping every prefix that
 * overlaps a route the host has or another network's subnet.
 */
public final class AddressPools {
  /** One pool: a base prefix cut into subnets of {@code size} bits. */
  public record Pool(String base, int size) {}

  public static final List<Pool> DOCKER_DEFAULTS = List.of(new Pool("172.17.0.0/16", 16),
      new Pool("172.18.0.0/16", 16), new Pool("172.19.0.0/16", 16),
      new Pool("172.20.0.0/14", 16), new Pool("172.24.0.0/14", 16),
      new Pool("172.28.0.0/14", 16), new Pool("192.168.0.0/16", 20));

  private final List<Pool> pools;

  public AddressPools(List<Pool> pools) {
    this.pools = pools == null || pools.isEmpty() ? DOCKER_DEFAULTS : List.copyOf(pools);
  }

  /**
   * The first subnet that overlaps none of {@code taken}.
   *
   * @throws BerthException.Unavailable when every pool is used up, with Docker's text
   */
  public String next(Collection<String> taken) {
    List<Cidr> busy = new ArrayList<>();
    for (String t : taken) {
      busy.add(Cidr.parse(t));
    }
    for (Pool p : pools) {
      Cidr base = Cidr.parse(p.base());
      if (p.size() < base.prefix() || p.size() > 30) {
        continue;
      }
      long step = 1L << (32 - p.size());
      long count = 1L << (p.size() - base.prefix());
      for (long i = 0; i < count; i++) {
        Cidr c = new Cidr((int) (base.network() + i * step), p.size(), (int) (base.network()
            + i * step));
        if (busy.stream().noneMatch(c::overlaps)) {
          return c.toString();
        }
      }
    }
    throw new BerthException.Unavailable("could not find an available, non-overlapping IPv4"
        + " address pool among the defaults to assign to the network", null);
  }

  /**
   * The host's IPv4 routes in every table ({@code ip -4 route show table all}), as prefixes;
   * the default route is left out (it overlaps everything).
   */
  public static List<String> hostRoutes() {
    List<String> out = new ArrayList<>();
    Command.Result r = Command.tryRun(null, "ip", "-4", "-o", "route", "show", "table", "all");
    for (String line : r.out().split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length == 0 || f[0].isEmpty()) {
        continue;
      }
      String dst = switch (f[0]) {
        case "local", "broadcast", "unicast", "anycast", "multicast", "blackhole",
            "unreachable", "prohibit", "throw", "nat" -> f.length > 1 ? f[1] : "default";
        default -> f[0];
      };
      if (dst.equals("default") || !Character.isDigit(dst.charAt(0))) {
        continue;
      }
      out.add(dst.contains("/") ? dst : dst + "/32");
    }
    return out;
  }
}
