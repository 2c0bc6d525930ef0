package io.berth.network;

import java.util.List;

/**
 * The kernel side of a global network on one host (ADR 0124): a bridge with the network's
 * gateway and a VXLAN device enslaved to it, and the static forwarding entries of the remote
 * endpoints on that device. {@link VxlanDriver} does it with iproute2; tests record it.
 */
interface VxlanLinks {
  /**
   * Makes the bridge and the VXLAN device when missing (idempotent).
   *
   * @param local this host's underlay address (the tunnel's source)
   */
  void ensure(String bridge, String gatewayCidr, String vxlan, int vni, String local);

  /** Deletes both; absent ones are fine. */
  void delete(String bridge, String vxlan);

  /**
   * Programs the remote endpoints: for each added one a permanent FDB entry (its MAC behind
   * its host's address) and a permanent neighbour entry (its IP at its MAC, which the device
   * answers ARP with, {@code proxy}); removed ones lose both.
   */
  void peers(String vxlan, List<Peer> add, List<Peer> remove);

  /** A remote endpoint: its address, MAC and the underlay address of its host. */
  record Peer(String ip, String mac, String host) {}
}
