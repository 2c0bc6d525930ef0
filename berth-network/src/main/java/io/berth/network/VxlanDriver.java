package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Command;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link VxlanLinks} with iproute2 in the daemon's namespace. The VXLAN device is libnetwork's:
 * UDP port 4789 (IANA), {@code nolearning} (the forwarding table comes from the cluster store,
 * not from flooding) and {@code proxy} (the device answers ARP for remote endpoints from its
 * neighbour table, so no broadcast crosses the underlay); see ip-link(8), "VXLAN Type Support".
 */
final class VxlanDriver implements VxlanLinks {
  static final int PORT = 4789;
  /** Outer IPv4 (20) + UDP (8) + VXLAN (8) + inner Ethernet (14) headers. */
  static final int OVERHEAD = 50;
  private static final Pattern MTU = Pattern.compile("\"mtu\":(\\d+)");

  private final BridgeDriver bridges;
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

  /** @param bridges makes the bridges, with the overlay's MTU */
  VxlanDriver(BridgeDriver bridges, int mtu) {
    this.bridges = bridges;
    this.mtu = mtu;
  }

  @Override
  public void ensure(String bridge, String gatewayCidr, String vxlan, int vni, String local) {
    BridgeDriver.requireName(vxlan);
    if (!local.matches("[0-9.]+")) {
      throw BerthException.invalid("invalid cluster advertise address: " + local);
    }
    bridges.ensureBridge(bridge, gatewayCidr, null);
    if (!BridgeDriver.linkExists(vxlan)) {
      Command.run("link add " + vxlan + " type vxlan id " + vni + " local " + local
          + " dstport " + PORT + " nolearning proxy\n"
          + "link set " + vxlan + " mtu " + mtu + " master " + bridge + "\n"
          + "link set " + vxlan + " up\n", "ip", "-batch", "-");
    }
  }

  @Override
  public void delete(String bridge, String vxlan) {
    bridges.deleteBridge(vxlan);
    bridges.deleteBridge(bridge);
  }

  @Override
  public void peers(String vxlan, List<Peer> add, List<Peer> remove) {
    BridgeDriver.requireName(vxlan);
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
      script.append("ip -force -batch - <<'IP' 2>/dev/null\n").append(delIp).append("IP\n")
          .append("bridge -force -batch - <<'FDB' 2>/dev/null\n").append(delFdb)
          .append("FDB\n");
    }
    if (!addIp.isEmpty()) {
      script.append("set -e\nip -batch - <<'IP'\n").append(addIp).append("IP\n")
          .append("bridge -batch - <<'FDB'\n").append(addFdb).append("FDB\n");
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
