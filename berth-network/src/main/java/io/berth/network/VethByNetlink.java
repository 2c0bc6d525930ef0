package io.berth.network;

import io.berth.common.BerthException;
import io.berth.sys.Rtnetlink;
import io.berth.sys.SyscallException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * A veth endpoint made by rtnetlink requests from berthd itself (ADR 0147): what
 * {@link BridgeDriver}'s two {@code ip -batch} processes did, the same requests in the same
 * order: the pair with the peer moved into the namespace, the host end enslaved and up; inside,
 * {@code lo} up, the MAC, the addresses ({@code nodad} for IPv6 extras), the link up, the
 * default routes.
 */
final class VethByNetlink {
  private VethByNetlink() {}

  /** The host end: made in the calling thread's namespace (the daemon's). */
  static void hostEnd(Path ns, LinkDriver.Veth l, int mtu) {
    try (Rtnetlink nl = Rtnetlink.open()) {
      nl.addVeth(l.hostVeth(), mtu, l.ifName(), ns.toString());
      nl.setLink(l.hostVeth(), l.bridge(), null, true);
    } catch (SyscallException e) {
      throw BerthException.internal("make veth " + l.hostVeth() + ": " + e.getMessage(), e);
    }
  }

  /** The container end: {@code nl} is a socket opened inside its namespace. */
  static void insideEnd(Rtnetlink nl, LinkDriver.Veth l) {
    try {
      nl.setLink("lo", null, null, true);
      nl.setLink(l.ifName(), null, mac(l.mac()), false);
      nl.addAddress(l.ifName(), address(l.ipCidr()), prefix(l.ipCidr()), false);
      for (String extra : l.extraCidrs()) {
        nl.addAddress(l.ifName(), address(extra), prefix(extra), extra.contains(":"));
      }
      nl.setLink(l.ifName(), null, null, true);
      if (l.gateway() != null) {
        nl.addDefaultRoute(l.ifName(), address(l.gateway()));
      }
      if (l.gateway6() != null) {
        nl.addDefaultRoute(l.ifName(), address(l.gateway6()));
      }
    } catch (SyscallException e) {
      throw BerthException.internal("set up " + l.ifName() + " of " + l.hostVeth() + ": "
          + e.getMessage(), e);
    }
  }

  /** {@code 02:42:...} as six bytes (BridgeDriver checked its form). */
  static byte[] mac(String mac) {
    String[] parts = mac.split(":");
    byte[] out = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return out;
  }

  /** The address of a literal {@code a.b.c.d[/n]} or IPv6 one, never looked up by name. */
  static InetAddress address(String cidr) {
    String literal = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
    if (!literal.matches("[0-9A-Fa-f:.]+")) {
      throw BerthException.invalid("invalid IP address: " + cidr);
    }
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw BerthException.invalid("invalid IP address: " + cidr);
    }
  }

  static int prefix(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      return address(cidr).getAddress().length * 8;
    }
    try {
      return Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid prefix length: " + cidr);
    }
  }
}
