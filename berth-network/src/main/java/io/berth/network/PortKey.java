package io.berth.network;

import io.berth.common.BerthException;
import java.util.Locale;
import java.util.Set;

/** A container port as Docker's maps key it: {@code "80/tcp"}, {@code "53/udp"}, {@code "80"}. */
record PortKey(int port, String proto) {
  private static final Set<String> PROTOS = Set.of("tcp", "udp", "sctp");

  static PortKey parse(String key) {
    int slash = key.indexOf('/');
    String num = slash < 0 ? key : key.substring(0, slash);
    String proto = slash < 0 ? "tcp" : key.substring(slash + 1).toLowerCase(Locale.ROOT);
    if (!PROTOS.contains(proto)) {
      throw BerthException.invalid("invalid proto: " + proto);
    }
    int port;
    try {
      port = Integer.parseInt(num);
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid containerPort: " + num);
    }
    if (port < 1 || port > 65535) {
      throw BerthException.invalid("invalid containerPort: " + num);
    }
    return new PortKey(port, proto);
  }

  @Override
  public String toString() {
    return port + "/" + proto;
  }
}
