package io.berth.network;

import java.util.List;

/**
 * Renders berth's whole nftables table from a {@link FirewallState}. Pure: the same state always
 * gives the same text, tested with golden files. The text replaces the table in one
 * {@code nft -f} transaction: it declares the table (so that the delete cannot fail), deletes
 * it, and declares it again with every chain, so a reader never sees half a ruleset.
 *
 * <p>Why these rules:
 * <ul>
 *   <li>published ports are DNAT in {@code prerouting} (traffic from outside and from other
 *       containers) and in {@code output} (the host's own traffic, {@code 127.0.0.1:8080}), for
 *       destinations that are the host's own addresses ({@code fib daddr type local}): no
 *       userland proxy on the data path;</li>
 *   <li>a packet from {@code 127.0.0.1} DNATed to a container leaves through the bridge, which
 *       the kernel allows only with {@code route_localnet} on that bridge (set by the driver),
 *       and the container could not answer it: it is masqueraded to the bridge's address, as
 *       Docker does with {@code --userland-proxy=false};</li>
 *   <li>hairpin: a container reaching its own network's published port through a host address
 *       is masqueraded too, or the answer would bypass the DNAT;</li>
 *   <li>outbound traffic of non-internal networks is masqueraded; internal networks and
 *       different networks cannot forward to each other.</li>
 * </ul>
 */
public final class NftRuleset {
  private NftRuleset() {}

  public static String render(FirewallState s) {
    String t = s.table();
    StringBuilder sb = new StringBuilder();
    sb.append("table ip ").append(t).append(" {}\n");
    sb.append("delete table ip ").append(t).append('\n');
    sb.append("table ip ").append(t).append(" {\n");
    chain(sb, "prerouting", "type nat hook prerouting priority -100; policy accept;",
        List.of("fib daddr type local jump published"));
    chain(sb, "output", "type nat hook output priority -100; policy accept;",
        List.of("fib daddr type local jump published"));
    // a port published on one IPv6 address is the IPv6 relay's only (LoopbackProxies)
    chain(sb, "published", null, s.ports().stream()
        .filter(p -> p.hostIp() == null || !p.hostIp().contains(":") || p.hostIp().equals("::"))
        .map(NftRuleset::dnat).toList());
    chain(sb, "postrouting", "type nat hook postrouting priority 100; policy accept;",
        postrouting(s.bridges()));
    chain(sb, "forward", "type filter hook forward priority 0; policy accept;",
        forward(s.bridges()));
    sb.append("}\n");
    return sb.toString();
  }

  private static String dnat(FirewallState.Published p) {
    String match = p.hostIp() == null || p.hostIp().isEmpty() || p.hostIp().equals("0.0.0.0")
        || p.hostIp().equals("::") ? "" : "ip daddr " + p.hostIp() + " ";
    return match + p.proto() + " dport " + p.hostPort() + " dnat to " + p.containerIp() + ":"
        + p.containerPort();
  }

  private static List<String> postrouting(List<FirewallState.Bridge> bridges) {
    List<String> out = new java.util.ArrayList<>();
    for (FirewallState.Bridge b : bridges) {
      String br = quote(b.name());
      out.add("oifname " + br + " ip saddr 127.0.0.0/8 masquerade");
      out.add("oifname " + br + " ct status dnat ip saddr " + b.subnet() + " masquerade");
      if (!b.internal()) {
        out.add("ip saddr " + b.subnet() + " oifname != " + br + " masquerade");
      }
    }
    return out;
  }

  private static List<String> forward(List<FirewallState.Bridge> bridges) {
    List<String> out = new java.util.ArrayList<>();
    for (FirewallState.Bridge b : bridges) {
      String br = quote(b.name());
      if (b.internal()) {
        out.add("iifname " + br + " oifname != " + br + " drop");
        out.add("oifname " + br + " iifname != " + br + " drop");
        continue;
      }
      List<String> others = bridges.stream().filter(o -> !o.name().equals(b.name()))
          .map(o -> quote(o.name())).toList();
      if (!others.isEmpty()) {
        out.add("iifname " + br + " oifname { " + String.join(", ", others) + " } drop");
      }
    }
    return out;
  }

  private static void chain(StringBuilder sb, String name, String head, List<String> rules) {
    sb.append("\tchain ").append(name).append(" {\n");
    if (head != null) {
      sb.append("\t\t").append(head).append('\n');
    }
    for (String r : rules) {
      sb.append("\t\t").append(r).append('\n');
    }
    sb.append("\t}\n");
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
