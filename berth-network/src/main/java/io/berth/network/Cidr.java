package io.berth.network;

import io.berth.common.BerthException;

/**
 * An IPv4 prefix such as {@code 172.17.0.0/16}, kept as its 32-bit network address. Parsing
 * accepts a host address with a prefix ({@code 172.17.0.1/16}, as {@code --bip} gives it) and
 * keeps that address as {@link #host}.
 */
record Cidr(int network, int prefix, int host) {
  static Cidr parse(String s) {
    int prefix = prefixLength(s, 32);
    int slash = s.indexOf('/');
    int a = parseAddress(s.substring(0, slash));
    return new Cidr(a & mask(prefix), prefix, a);
  }

  /** The prefix length after the slash of {@code s}, 0 to {@code max}; Docker's error else. */
  static int prefixLength(String s, int max) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw BerthException.invalid("invalid CIDR address: " + s);
    }
    int prefix;
    try {
      prefix = Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid CIDR address: " + s);
    }
    if (prefix < 0 || prefix > max) {
      throw BerthException.invalid("invalid CIDR address: " + s);
    }
    return prefix;
  }

  static int parseAddress(String s) {
    String[] p = s.split("\\.", -1);
    if (p.length != 4) {
      throw BerthException.invalid("invalid IPv4 address: " + s);
    }
    int a = 0;
    for (String part : p) {
      int v;
      try {
        v = Integer.parseInt(part);
      } catch (NumberFormatException e) {
        throw BerthException.invalid("invalid IPv4 address: " + s);
      }
      if (v < 0 || v > 255 || part.isEmpty()) {
        throw BerthException.invalid("invalid IPv4 address: " + s);
      }
      a = (a << 8) | v;
    }
    return a;
  }

  static String format(int a) {
    return ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "."
        + (a & 255);
  }

  static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  int size() {
    return prefix == 0 ? Integer.MAX_VALUE : 1 << (32 - prefix);
  }

  int broadcast() {
    return network | ~mask(prefix);
  }

  boolean contains(int address) {
    return (address & mask(prefix)) == network;
  }

  boolean overlaps(Cidr o) {
    int m = mask(Math.min(prefix, o.prefix));
    return (network & m) == (o.network & m);
  }

  /** The {@code n}th address of the prefix (0 = the network address). */
  int nth(int n) {
    return network + n;
  }

  /** {@code 172.17.0.0/16}. */
  @Override
  public String toString() {
    return format(network) + "/" + prefix;
  }
}
