package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Command;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link VxlanLinks} with iproute2, in libnetwork's layout (ADR 0144): each global network has
 * a network namespace of its own, bind-mounted at {@code <exec-root>/overlay/vx-<id:12>}, that
 * holds its bridge ({@code br0}), its VXLAN device and the host ends of its containers' veths.
 * Frames between containers, local or across the tunnel, are bridged there, where no
 * nftables table and no conntrack exist and br_netfilter is switched off, so they never reach
 * the host's netfilter hooks. The VXLAN device is made in the daemon's namespace and moved in:
 * its UDP socket stays in the namespace it was made in (the host's, on the underlay), which is
 * how libnetwork's overlay driver does it. The host reaches the network through a veth pair,
 * {@code ov-<id:12>} on the host with the gateway address (the name and address the host
 * bridge had, so the nftables rules for masquerading, published ports and isolation between
 * networks stay as they are) and {@code ov0} on the bridge.
 *
 * <p>The device is libnetwork's: UDP port 4789 (IANA), {@code nolearning} (the forwarding table
 * comes from the cluster store, not from flooding) and {@code proxy} (the device answers ARP
 * for remote endpoints from its neighbour table, so no broadcast crosses the underlay); see
 * ip-link(8), "VXLAN Type Support".
 */
final class VxlanDriver implements VxlanLinks {
  static final int PORT = 4789;
  /** Outer IPv4 (20) + UDP (8) + VXLAN (8) + inner Ethernet (14) headers. */
  static final int OVERHEAD = 50;
  /** The network's bridge and its end of the link to the host, inside its namespace. */
  static final String BRIDGE = "br0";
  static final String UPLINK = "ov0";
  private static final Pattern MTU = Pattern.compile("\"mtu\":(\\d+)");

  private final Netns sandboxes;
  private final int mtu;

  /**
   * The overlay's MTU on this host: {@code mtu} (berthd's {@code --mtu}, 1500 by default) or the
   * MTU of the underlay interface that holds {@code advertise}, whichever is smaller, less the
   * VXLAN overhead. An encapsulated frame larger than the underlay's MTU would be fragmented
   * (the device sends with DF unset) or dropped by the next hop, so an underlay below 1500 (a
   * cloud VM's 1460, a link that is a tunnel itself) must lower the overlay; a jumbo underlay
   * raises it only when {@code --mtu} says so, as every host of the cluster must agree on it.
   */
  static int overlayMtu(int mtu, String advertise) {
    Command.Result r = Command.tryRun(null, "ip", "-j", "addr", "show", "to", advertise + "/32");
    int underlay = r.code() == 0 ? mtuOf(r.out()) : 0;
    return (underlay > 0 ? Math.min(mtu, underlay) : mtu) - OVERHEAD;
  }

  /** The {@code mtu} of the first interface in {@code ip -j addr} output, or 0 without one. */
  static int mtuOf(String ipJson) {
    Matcher m = MTU.matcher(ipJson);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /**
   * @param sandboxes the networks' namespaces ({@link Netns#overlays})
   * @param mtu the overlay's MTU, on every link of the network
   */
  VxlanDriver(Netns sandboxes, int mtu) {
    this.sandboxes = sandboxes;
    this.mtu = mtu;
  }

  @Override
  public void ensure(String bridge, String gatewayCidr, String vxlan, int vni, String local) {
    BridgeDriver.requireName(bridge);
    BridgeDriver.requireName(vxlan);
    if (!local.matches("[0-9.]+")) {
      throw BerthException.invalid("invalid cluster advertise address: " + local);
    }
    if (!gatewayCidr.matches("[0-9.]+/[0-9]+")) {
      throw BerthException.invalid("invalid gateway: " + gatewayCidr);
    }
    Path sb = sandboxes.create(vxlan);
    // br_netfilter hands bridged frames to the IPv4 hooks of the bridge's namespace; there
    // are none in this one, but the hand-over itself (a route lookup and state per frame) is
    // what the host bridge paid for most (ADR 0133); the switches are per namespace (5.3+)
    String script = "S='" + sb + "'\n"
        + "ns() { nsenter --net=\"$S\" \"$@\"; }\n"
        + "ns sh -c 'for f in /proc/sys/net/bridge/bridge-nf-call-*; do"
        + " [ ! -e \"$f\" ] || echo 0 > \"$f\"; done'\n"
        // berth before ADR 0144 had the bridge and the device in the daemon's namespace
        + "if ip -o link show type bridge | grep -q ': " + bridge + ":'; then\n"
        + "  ip link del " + bridge + "; ip link del " + vxlan + " 2>/dev/null || true\n"
        + "fi\n"
        + "ns ip link show " + BRIDGE + " >/dev/null 2>&1"
        + " || ns ip link add " + BRIDGE + " mtu " + mtu + " type bridge\n"
        + "if ! ns ip link show " + vxlan + " >/dev/null 2>&1; then\n"
        + "  ip link del " + vxlan + " 2>/dev/null || true\n"
        + "  ip link add " + vxlan + " type vxlan id " + vni + " local " + local + " dstport "
        + PORT + " nolearning proxy\n"
        + "  ip link set " + vxlan + " netns \"$S\"\n"
        + "fi\n"
        + "if ! ip link show " + bridge + " >/dev/null 2>&1; then\n"
        + "  ns ip link del " + UPLINK + " 2>/dev/null || true\n"
        + "  ip link add " + bridge + " mtu " + mtu + " type veth peer name " + UPLINK + " mtu "
        + mtu + " netns \"$S\"\n"
        + "fi\n"
        + "ip addr replace " + gatewayCidr + " dev " + bridge + "\n"
        // DNAT from 127.0.0.1 to a container is routed out of this link (NftRuleset)
        + "echo 1 > /proc/sys/net/ipv4/conf/" + bridge + "/route_localnet\n"
        + "ip link set " + bridge + " up\n"
        + "ns ip -batch - <<'NS'\n"
        + "link set lo up\n"
        + "link set " + vxlan + " mtu " + mtu + " master " + BRIDGE + " up\n"
        + "link set " + UPLINK + " master " + BRIDGE + " up\n"
        + "link set " + BRIDGE + " up\n"
        + "NS\n";
    Command.run(null, "sh", "-ec", script);
  }

  @Override
  public boolean present(String bridge, String vxlan) {
    return BridgeDriver.linkExists(bridge) && sandboxes.exists(vxlan);
  }

  @Override
  public void delete(String bridge, String vxlan) {
    BridgeDriver.requireName(bridge);
    if (BridgeDriver.linkExists(bridge)) {
      Command.tryRun(null, "ip", "link", "del", bridge);
    }
    sandboxes.delete(vxlan);
  }

  @Override
  public void attach(String vxlan, Path netns, LinkDriver.Veth veth) {
    BridgeDriver.requireName(vxlan);
    String script = BridgeDriver.attachScript(netns, veth, mtu, sandboxes.path(vxlan), BRIDGE);
    try {
      Command.run(null, "sh", "-ec", script);
    } catch (RuntimeException e) {
      detach(vxlan, veth.hostVeth());
      throw e;
    }
  }

  @Override
  public void detach(String vxlan, String hostVeth) {
    BridgeDriver.requireName(vxlan);
    BridgeDriver.requireName(hostVeth);
    if (sandboxes.exists(vxlan)) {
      Command.tryRun(null, "nsenter", "--net=" + sandboxes.path(vxlan), "ip", "link", "del",
          hostVeth);
    }
  }

  @Override
  public void peers(String vxlan, List<Peer> add, List<Peer> remove) {
    BridgeDriver.requireName(vxlan);
    String in = "nsenter --net='" + sandboxes.path(vxlan) + "' ";
    StringBuilder delIp = new StringBuilder();
    StringBuilder delFdb = new StringBuilder();
    for (Peer p : remove) {
      check(p);
      delIp.append("neigh del ").append(p.ip()).append(" dev ").append(vxlan).append('\n');
      delFdb.append("fdb del ").append(p.mac()).append(" dev ").append(vxlan).append(" self\n");
    }
    StringBuilder addIp = new StringBuilder();
    StringBuilder addFdb = new StringBuilder();
    for (Peer p : add) {
      check(p);
      addIp.append("neigh replace ").append(p.ip()).append(" lladdr ").append(p.mac())
          .append(" dev ").append(vxlan).append(" nud permanent\n");
      addFdb.append("fdb replace ").append(p.mac()).append(" dev ").append(vxlan)
          .append(" dst ").append(p.host()).append(" self permanent\n");
    }
    StringBuilder script = new StringBuilder();
    if (!delIp.isEmpty()) {
      // -force: an entry already gone does not stop the rest of the removals
      script.append(in).append("ip -force -batch - <<'IP' 2>/dev/null\n").append(delIp)
          .append("IP\n").append(in).append("bridge -force -batch - <<'FDB' 2>/dev/null\n")
          .append(delFdb).append("FDB\n");
    }
    if (!addIp.isEmpty()) {
      script.append("set -e\n").append(in).append("ip -batch - <<'IP'\n").append(addIp)
          .append("IP\n").append(in).append("bridge -batch - <<'FDB'\n").append(addFdb)
          .append("FDB\n");
    }
    if (!script.isEmpty()) {
      Command.run(null, "sh", "-c", script + "true\n");
    }
  }

  /** Addresses and MACs from the store go into batch lines: plain ones only. */
  private static void check(Peer p) {
    if (!p.ip().matches("[0-9.]+") || !p.host().matches("[0-9.]+")
        || !p.mac().matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
      throw BerthException.invalid("invalid peer in the cluster store: " + p);
    }
  }
}
