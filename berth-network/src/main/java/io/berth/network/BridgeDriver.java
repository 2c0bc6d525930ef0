package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Command;
import io.berth.common.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Linux bridges and veth pairs through iproute2. A container's endpoint is a veth pair: one end
 * named {@code eth0} (or {@code eth1}...) inside its namespace with the address and a default
 * route through the bridge, the other end on the host, enslaved to the bridge.
 */
public final class BridgeDriver implements LinkDriver {
  private static final Logger LOG = Logger.getLogger(BridgeDriver.class.getName());

  private final Netns netns;
  private final int mtu;

  public BridgeDriver(Netns netns, int mtu) {
    this.netns = netns;
    this.mtu = mtu;
  }

  /**
   * Whether the daemon's own network namespace has the link. Read from
   * {@code /proc/self/net/dev}, which shows the namespace of the reading thread: under
   * {@code unshare --net} or systemd's PrivateNetwork, {@code /sys/class/net} may still be the
   * host's sysfs and list the host's links (sysfs(5): a sysfs mount shows the namespace of the
   * task that mounted it).
   */
  public static boolean linkExists(String name) {
    return links().contains(name);
  }

  @Override
  public boolean exists(String link) {
    return linkExists(link);
  }

  @Override
  public java.util.List<String> ipv4Addresses(String link) {
    return addressesOf(link);
  }

  @Override
  public java.util.List<String> hostRoutes() {
    return AddressPools.hostRoutes();
  }

  /** The link names of the daemon's network namespace. */
  static java.util.Set<String> links() {
    java.util.Set<String> out = new java.util.HashSet<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/net/dev"))) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          out.add(line.substring(0, colon).strip());
        }
      }
    } catch (java.io.IOException e) {
      throw BerthException.internal("list network links: " + Messages.of(e), e);
    }
    return out;
  }

  /**
   * Makes the bridge with the gateway address when it is missing (idempotent: start-up calls it
   * for every network), and sets {@code route_localnet} on it so that DNAT from
   * {@code 127.0.0.1} to a container is routed (kernel: ip-sysctl.rst, route_localnet).
   *
   * @param gateway6Cidr the IPv6 gateway address with its prefix, or null for IPv4 only
   */
  @Override
  public void ensureBridge(String name, String gatewayCidr, String gateway6Cidr) {
    requireName(name);
    if (!linkExists(name)) {
      StringBuilder b = new StringBuilder("link add " + name + " type bridge\n"
          + "link set " + name + " mtu " + mtu + "\n"
          + "addr add " + gatewayCidr + " dev " + name + "\n");
      if (gateway6Cidr != null) {
        b.append("addr add ").append(gateway6Cidr).append(" dev ").append(name)
            .append(" nodad\n");
      }
      b.append("link set ").append(name).append(" up\n");
      Command.run(b.toString(), "ip", "-batch", "-");
    } else {
      java.util.List<String> have = addressesOf(name);
      if (!have.contains(gatewayCidr)) {
        if (!have.isEmpty()) {
          // never stack a second gateway on a bridge (several daemons, or an old --bip):
          // the kernel would route both subnets there and pools would run out
          throw BerthException.conflict("bridge " + name + " already has the address "
              + String.join(", ", have) + ", not " + gatewayCidr + "; give --bip "
              + have.getFirst() + " or another --bridge");
        }
        Command.run(null, "ip", "addr", "add", gatewayCidr, "dev", name);
      }
      Command.tryRun(null, "ip", "link", "set", name, "up");
      if (gateway6Cidr != null) {
        Command.tryRun(null, "ip", "-6", "addr", "add", gateway6Cidr, "dev", name, "nodad");
      }
    }
    try {
      Files.writeString(Path.of("/proc/sys/net/ipv4/conf", name, "route_localnet"), "1\n");
    } catch (java.io.IOException e) {
      throw BerthException.internal("set route_localnet on " + name + ": " + Messages.of(e), e);
    }
  }

  /** The IPv4 addresses on a link, with prefixes ({@code 172.17.0.1/16}), in order. */
  static java.util.List<String> addressesOf(String name) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String line : Command.run(null, "ip", "-4", "-o", "addr", "show", "dev", name)
        .split("\n")) {
      String[] f = line.strip().split("\\s+");
      for (int i = 0; i + 1 < f.length; i++) {
        if (f[i].equals("inet")) {
          out.add(f[i + 1]);
        }
      }
    }
    return out;
  }

  public void ensureBridge(String name, String gatewayCidr) {
    ensureBridge(name, gatewayCidr, null);
  }

  /**
   * From {@code /sys/class/net/<bridge>/brif}, keeping only links this namespace has (see
   * {@link #links()} on why sysfs alone may show another namespace's).
   */
  @Override
  public java.util.List<String> ports(String bridge) {
    Path brif = Path.of("/sys/class/net", bridge, "brif");
    if (!Files.isDirectory(brif)) {
      return java.util.List.of();
    }
    java.util.Set<String> here = links();
    try (java.util.stream.Stream<Path> s = Files.list(brif)) {
      return s.map(p -> p.getFileName().toString()).filter(here::contains).sorted().toList();
    } catch (java.io.IOException e) {
      return java.util.List.of();
    }
  }

  @Override
  public void deleteBridge(String name) {
    if (linkExists(name)) {
      Command.tryRun(null, "ip", "link", "del", name);
    }
  }

  /**
   * Adds a veth pair between the namespace and the bridge: the host end enslaved and up, the
   * container end with its addresses, MAC and default routes. With {@code Syscalls}, by
   * rtnetlink requests from berthd itself, the container end's from a thread that entered the
   * namespace ({@link VethByNetlink}, ADR 0147); without, one {@code ip -batch} on the host and
   * one inside the namespace ({@link Netns#runInside}, ADR 0141). A failure removes the host
   * end (which takes its peer with it).
   */
  @Override
  public void attach(Path ns, Veth l) {
    Batches b = batches(ns, l, mtu, l.bridge());
    try {
      if (netns.inProcess()) {
        VethByNetlink.hostEnd(ns, l, mtu);
        if (!netns.netlinkInside(ns, nl -> VethByNetlink.insideEnd(nl, l))) {
          netns.ipBatch(ns, b.inside());
        }
      } else {
        Command.run(b.host(), "ip", "-batch", "-");
        netns.ipBatch(ns, b.inside());
      }
      if (l.nsRules() != null) {
        netns.runInside(ns, l.nsRules(), "nft", "-f", "-");
      }
    } catch (RuntimeException e) {
      detach(l.hostVeth());
      throw e;
    }
  }

  /**
   * The shell script that makes a veth endpoint: the host end made in the namespace
   * {@code hostNs} (the daemon's own when null) and enslaved to {@code master} there, the
   * container end moved into {@code ns} with its addresses, MAC, routes and nftables rules.
   */
  static String attachScript(Path ns, Veth l, int mtu, Path hostNs, String master) {
    Batches b = batches(ns, l, mtu, master);
    return (hostNs == null ? "" : "nsenter --net='" + hostNs + "' ")
        + "ip -batch - <<'HOST'\n" + b.host() + "HOST\n"
        + "nsenter --net='" + ns + "' ip -batch - <<'CONTAINER'\n" + b.inside() + "CONTAINER\n"
        + (l.nsRules() == null ? ""
            : "nsenter --net='" + ns + "' nft -f - <<'RULES'\n" + l.nsRules() + "RULES\n");
  }

  /** The {@code ip -batch} lines of a veth endpoint: for the host end's side, for inside. */
  record Batches(String host, String inside) {}

  private static Batches batches(Path ns, Veth l, int mtu, String master) {
    requireName(master);
    requireName(l.hostVeth());
    requireName(l.ifName());
    if (!l.mac().matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
      throw BerthException.invalid("invalid MAC address: " + l.mac());
    }
    StringBuilder in = new StringBuilder()
        .append("link set lo up\n")
        .append("link set ").append(l.ifName()).append(" address ").append(l.mac()).append('\n')
        .append("addr add ").append(l.ipCidr()).append(" dev ").append(l.ifName()).append('\n');
    for (String extra : l.extraCidrs()) {
      in.append("addr add ").append(extra).append(" dev ").append(l.ifName())
          .append(extra.contains(":") ? " nodad\n" : "\n");
    }
    in.append("link set ").append(l.ifName()).append(" up\n");
    if (l.gateway() != null) {
      in.append("route add default via ").append(l.gateway()).append(" dev ")
          .append(l.ifName()).append('\n');
    }
    if (l.gateway6() != null) {
      in.append("route add default via ").append(l.gateway6()).append(" dev ")
          .append(l.ifName()).append('\n');
    }
    String host = "link add " + l.hostVeth() + " mtu " + mtu + " type veth peer name "
        + l.ifName() + " mtu " + mtu + " netns " + ns + "\n"
        + "link set " + l.hostVeth() + " master " + master + "\n"
        + "link set " + l.hostVeth() + " up\n";
    return new Batches(host, in.toString());
  }

  /**
   * Refuses a name that is not a plain interface name: names go into {@code ip -batch} lines
   * and a shell script, where a space, newline or quote would change what runs.
   */
  static void requireName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}")) {
      throw BerthException.invalid("invalid interface name: " + name);
    }
  }

  /** Removes the host end of a veth pair (the kernel removes its peer); absent is fine. */
  @Override
  public void detach(String hostVeth) {
    if (netns.inProcess()) {
      netns.deleteLinks(java.util.List.of(hostVeth));
      return;
    }
    if (linkExists(hostVeth)) {
      Command.Result r = Command.tryRun(null, "ip", "link", "del", hostVeth);
      if (r.code() != 0 && linkExists(hostVeth)) {
        LOG.log(Level.WARNING, "delete veth " + hostVeth + ": " + r.err().strip());
      }
    }
  }

  @Override
  public void nftInNamespace(Path ns, String rules) {
    netns.runInside(ns, rules, "nft", "-f", "-");
  }

  /** Brings up {@code lo} only (network mode none). */
  @Override
  public void loopbackOnly(Path ns) {
    netns.loopbackUp(ns);
  }
}
