package io.berth.cli.compose;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The short port syntax {@code [[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL]}, ranges included. */
final class Ports {
  private Ports() {}

  static List<ObjectNode> parse(String spec) {
    String proto = "tcp";
    int slash = spec.lastIndexOf('/');
    if (slash >= 0) {
      proto = spec.substring(slash + 1);
      spec = spec.substring(0, slash);
    }
    String hostIp = null;
    String published = null;
    String target;
    if (spec.startsWith("[")) {
      int close = spec.indexOf(']');
      hostIp = spec.substring(1, close);
      spec = spec.substring(close + 2);
    }
    String[] parts = spec.split(":", -1);
    switch (parts.length) {
      case 1 -> target = parts[0];
      case 2 -> {
        published = parts[0];
        target = parts[1];
      }
      case 3 -> {
        hostIp = parts[0];
        published = parts[1];
        target = parts[2];
      }
      default -> throw new IllegalArgumentException("invalid port specification: " + spec);
    }
    int[] t = range(target, spec);
    int[] p = published == null || published.isEmpty() ? null : range(published, spec);
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i <= t[1] - t[0]; i++) {
      ObjectNode o = JsonNodeFactory.instance.objectNode().put("mode", "ingress");
      if (hostIp != null && !hostIp.isEmpty()) {
        o.put("host_ip", hostIp);
      }
      o.put("target", t[0] + i);
      if (p != null) {
        o.put("published", p[1] > p[0] && p[1] - p[0] == t[1] - t[0]
            ? String.valueOf(p[0] + i) : p[1] > p[0] ? p[0] + "-" + p[1] : String.valueOf(p[0]));
      }
      o.put("protocol", proto);
      out.add(o);
    }
    return out;
  }

  private static int[] range(String s, String spec) {
    try {
      int dash = s.indexOf('-');
      int a = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
      int b = dash < 0 ? a : Integer.parseInt(s.substring(dash + 1));
      if (a < 0 || b > 65535 || b < a) {
        throw new IllegalArgumentException("invalid port range: " + s);
      }
      return new int[] {a, b};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port specification: " + spec);
    }
  }
}
