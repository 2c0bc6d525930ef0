package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Command;
import java.util.List;

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

  private final BridgeDriver bridges;
  private final int mtu;

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
