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
   * An address for a new endpoint.
   *
   * @param requested a static address ({@code --ip}), or null for the next free one
   * @throws BerthException.InvalidArgument when the static address is outside the subnet
   * @throws BerthException.Conflict when it is taken, or the subnet is full
   */
  static String allocate(String subnet, String gateway, Set<String> used, String requested) {
    Cidr c = Cidr.parse(subnet);
    int gw = gateway == null ? 0 : Cidr.parseAddress(gateway);
    if (requested != null && !requested.isEmpty()) {
      int a = Cidr.parseAddress(requested);
      if (!c.contains(a) || a == c.network() || a == c.broadcast()) {
        throw BerthException.invalid("no configured subnet or ip-range contain the IP address "
            + requested);
      }
      if (a == gw || used.contains(requested)) {
        throw BerthException.conflict("Address already in use");
      }
      return requested;
    }
    for (int a = c.network() + 1; a != c.broadcast() && c.contains(a); a++) {
      String s = Cidr.format(a);
      if (a != gw && !used.contains(s)) {
        return s;
      }
    }
    throw BerthException.conflict("no available addresses on network with subnet " + subnet);
  }

  /** Docker's MAC for an address: {@code 02:42} followed by the four address bytes. */
  static String mac(String ip) {
    int a = Cidr.parseAddress(ip);
    return String.format("02:42:%02x:%02x:%02x:%02x", (a >>> 24) & 255, (a >>> 16) & 255,
        (a >>> 8) & 255, a & 255);
  }
}
