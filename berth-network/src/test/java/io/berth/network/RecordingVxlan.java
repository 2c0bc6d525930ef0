package io.berth.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link VxlanLinks} that keeps devices and peers in memory and records each call. */
final class RecordingVxlan implements VxlanLinks {
  final List<String> calls = new ArrayList<>();
  final Map<String, Set<Peer>> peers = new HashMap<>();
  private final RecordingLinks links;

  /** @param links where the bridges and VXLAN devices appear (so exists() sees them) */
  RecordingVxlan(RecordingLinks links) {
    this.links = links;
  }

  @Override
  public synchronized void ensure(String bridge, String gatewayCidr, String vxlan, int vni,
      String local) {
    calls.add("ensure " + bridge + " " + gatewayCidr + " " + vxlan + " " + vni + " " + local);
    links.ensureBridge(bridge, gatewayCidr, null);
    links.ensureBridge(vxlan, "", null);
    peers.putIfAbsent(vxlan, new HashSet<>());
  }

  @Override
  public synchronized boolean present(String bridge, String vxlan) {
    return links.exists(bridge) && links.exists(vxlan);
  }

  @Override
  public synchronized void attach(String vxlan, Path netns, LinkDriver.Veth veth) {
    calls.add("attach " + vxlan + " " + veth.hostVeth());
    links.attach(netns, veth);
  }

  @Override
  public synchronized void detach(String vxlan, String hostVeth) {
    calls.add("detach " + vxlan + " " + hostVeth);
    links.detach(hostVeth);
  }

  @Override
  public synchronized void delete(String bridge, String vxlan) {
    calls.add("delete " + bridge + " " + vxlan);
    links.deleteBridge(bridge);
    links.deleteBridge(vxlan);
    peers.remove(vxlan);
  }

  @Override
  public synchronized void peers(String vxlan, List<Peer> add, List<Peer> remove) {
    Set<Peer> have = peers.computeIfAbsent(vxlan, k -> new HashSet<>());
    remove.forEach(have::remove);
    have.addAll(add);
  }
}
