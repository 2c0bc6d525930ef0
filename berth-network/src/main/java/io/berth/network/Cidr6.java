package io.berth.network;

import io.berth.common.BerthException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv6 prefix such as {@code fd00:1::/64}, its network address as a 128-bit number. */
record Cidr6(BigInteger network, int prefix) {
  private static final BigInteger ALL = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  static Cidr6 parse(String s) {
    int prefix = Cidr.prefixLength(s, 128);
    int slash = s.indexOf('/');
    return new Cidr6(parseAddress(s.substring(0, slash)).and(mask(prefix)), prefix);
  }

  /** A literal IPv6 address (never a name: nothing is looked up). */
  static BigInteger parseAddress(String s) {
    if (!s.contains(":") || !s.matches("[0-9A-Fa-f:.]+")) {
      throw BerthException.invalid("invalid IPv6 address: " + s);
    }
    try {
      InetAddress a = InetAddress.getByName(s);
      if (!(a instanceof Inet6Address)) {
        throw BerthException.invalid("invalid IPv6 address: " + s);
      }
      return new BigInteger(1, a.getAddress());
    } catch (UnknownHostException e) {
      throw BerthException.invalid("invalid IPv6 address: " + s);
    }
  }

  /** The compressed text form ({@code fd00::1}). */
  static String format(BigInteger a) {
    byte[] raw = a.toByteArray();
    byte[] b = new byte[16];
    int n = Math.min(raw.length, 16);
    System.arraycopy(raw, raw.length - n, b, 16 - n, n);
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) {
      w[i] = ((b[2 * i] & 255) << 8) | (b[2 * i + 1] & 255);
    }
    int bestAt = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && w[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestAt = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestAt) {
        sb.append(i == 0 ? "::" : ":");
        i += bestLen - 1;
        continue;
      }
      sb.append(Integer.toHexString(w[i]));
      if (i < 7) {
        sb.append(':');
      }
    }
    return sb.toString();
  }

  static BigInteger mask(int prefix) {
    return ALL.shiftLeft(128 - prefix).and(ALL);
  }

  boolean contains(BigInteger a) {
    return a.and(mask(prefix)).equals(network);
  }

  boolean containsPrefix(Cidr6 o) {
    return o.prefix >= prefix && contains(o.network);
  }

  BigInteger nth(long n) {
    return network.add(BigInteger.valueOf(n));
  }

  @Override
  public String toString() {
    return format(network) + "/" + prefix;
  }
}
