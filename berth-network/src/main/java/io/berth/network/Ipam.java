package io.berth.network;

import io.berth.common.BerthException;
import java.util.Set;

/**
 * Address allocation within one subnet, as Docker's default IPAM does it: the first free
 * address after the gateway, never the network or broadcast address. Which addresses are taken
 * is not kept here: the caller derives it from the persisted endpoints (see
 * {@link NetworkStore}), so an allocation lives exactly as long as its endpoint file.
 */
final class Ipam {
  private Ipam() {}

  /**
   * An address for a new endpoint from {@code pool}: dynamic ones from its IP range when it has
   * one (else the whole subnet), never its gateway or an auxiliary address.
   *
   * @param requested a static address ({@code --ip}), or null for the next free one
   * @throws BerthException.InvalidArgument when the static address is outside the subnet
   * @throws BerthException.Conflict when it is taken, or the subnet is full
   */
  static String allocate(IpamPool pool, Set<String> used, String requested) {
    Cidr c = Cidr.parse(pool.subnet());
    int gw = pool.gateway() == null ? 0 : Cidr.parseAddress(pool.gateway());
    Set<String> aux = Set.copyOf(pool.auxAddresses().values());
    if (requested != null && !requested.isEmpty()) {
      int a = Cidr.parseAddress(requested);
      if (!c.contains(a) || a == c.network() || a == c.broadcast()) {
        throw BerthException.invalid("no configured subnet or ip-range contain the IP address "
            + requested);
      }
      if (a == gw || used.contains(requested) || aux.contains(requested)) {
        throw BerthException.conflict("Address already in use");
      }
      return requested;
    }
    Cidr range = pool.ipRange() == null ? c : Cidr.parse(pool.ipRange());
    for (int a = range.network(); range.contains(a); a++) {
      String s = Cidr.format(a);
      if (a != gw && a != c.network() && a != c.broadcast() && !used.contains(s)
          && !aux.contains(s)) {
        return s;
      }
      if (a == range.broadcast()) {
        break;
      }
    }
    throw BerthException.conflict("no available addresses on network with subnet "
        + pool.subnet());
  }

  static String allocate(String subnet, String gateway, Set<String> used, String requested) {
    return allocate(new IpamPool(subnet, null, gateway, null), used, requested);
  }

  /** An IPv6 address from {@code pool} (the gateway is its first address unless given). */
  static String allocate6(IpamPool pool, Set<String> used, String requested) {
    Cidr6 c = Cidr6.parse(pool.subnet());
    String gw = pool.gateway() == null ? Cidr6.format(c.nth(1)) : pool.gateway();
    java.math.BigInteger gwa = Cidr6.parseAddress(gw);
    Set<java.math.BigInteger> taken = new java.util.HashSet<>();
    used.forEach(u -> taken.add(Cidr6.parseAddress(u)));
    if (requested != null && !requested.isEmpty()) {
      java.math.BigInteger a = Cidr6.parseAddress(requested);
      if (!c.contains(a) || a.equals(c.network())) {
        throw BerthException.invalid("no configured subnet or ip-range contain the IP address "
            + requested);
      }
      if (a.equals(gwa) || taken.contains(a)) {
        throw BerthException.conflict("Address already in use");
      }
      return Cidr6.format(a);
    }
    Cidr6 range = pool.ipRange() == null ? c : Cidr6.parse(pool.ipRange());
    for (long i = 1; i < 1_000_000; i++) {
      java.math.BigInteger a = range.nth(i);
      if (!range.contains(a)) {
        break;
      }
      if (!a.equals(gwa) && !taken.contains(a)) {
        return Cidr6.format(a);
      }
    }
    throw BerthException.conflict("no available addresses on network with subnet "
        + pool.subnet());
  }

  /** Docker's MAC for an address: {@code 02:42} followed by the four address bytes. */
  static String mac(String ip) {
    int a = Cidr.parseAddress(ip);
    return String.format("02:42:%02x:%02x:%02x:%02x", (a >>> 24) & 255, (a >>> 16) & 255,
        (a >>> 8) & 255, a & 255);
  }
}
