package io.berth.network;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Docker's embedded DNS address inside a container, {@code 127.0.0.11}, and how berth puts a
 * resolver there (ADR 0112): two sockets on random high ports of 127.0.0.11 in the container's
 * namespace, and a DNAT there from port 53 to them, as libnetwork does — so a program in the
 * container may still bind port 53 itself. Pure.
 */
final class EmbeddedDns {
  static final String ADDRESS = "127.0.0.11";
  /** nftables table berth adds inside each container namespace with an embedded DNS. */
  static final String TABLE = "berth_dns";

  private EmbeddedDns() {}

  /**
   * A UDP and a TCP port for a new namespace: nothing runs there yet, so any port is free;
   * these stay clear of the usual ephemeral range start and of well-known ports.
   */
  static List<Integer> ports() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return List.of(40000 + r.nextInt(20000), 40000 + r.nextInt(20000));
  }

  /** The {@code nft -f} input for the container's namespace: 127.0.0.11:53 → the sockets. */
  static String redirect(int udpPort, int tcpPort) {
    return "table ip " + TABLE + " {\n"
        + "  chain output {\n"
        + "    type nat hook output priority -100; policy accept;\n"
        + "    ip daddr " + ADDRESS + " udp dport 53 dnat to " + ADDRESS + ":" + udpPort + "\n"
        + "    ip daddr " + ADDRESS + " tcp dport 53 dnat to " + ADDRESS + ":" + tcpPort + "\n"
        + "  }\n"
        + "}\n";
  }

  /**
   * The servers a container's {@code --dns} names, to forward to instead of the host's;
   * 127.0.0.11 itself is left out (it would ask itself).
   */
  static List<InetSocketAddress> upstreams(List<String> dns) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String s : dns) {
      if (!s.equals(ADDRESS) && s.matches("[0-9a-fA-F:.]+")) {
        out.add(new InetSocketAddress(s, 53));
      }
    }
    return out;
  }
}
