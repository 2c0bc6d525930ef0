package io.berth.network;

import java.nio.file.Path;
import java.util.List;

/**
 * The kernel side of a global network on one host (ADRs 0124, 0144): a namespace of the
 * network's own holding its bridge and VXLAN device, a link from that bridge to the host
 * carrying the network's gateway, the containers' veths on that bridge, and the static
 * forwarding entries of the remote endpoints on the device. {@link VxlanDriver} does it with
 * iproute2; tests record it.
 */
interface VxlanLinks {
  /**
   * Makes what is missing of the network's links (idempotent).
   *
   * @param bridge the host's end of the link to the network's bridge (the gateway's interface)
   * @param local this host's underlay address (the tunnel's source)
   */
  void ensure(String bridge, String gatewayCidr, String vxlan, int vni, String local);

  /** Whether the network's namespace and the host's link to it are there. */
  boolean present(String bridge, String vxlan);

  /** Deletes all of it, containers' veths on it included; absent ones are fine. */
  void delete(String bridge, String vxlan);

  /**
   * Adds a container's veth on the network's bridge ({@code veth.bridge()} is the network's
   * {@code bridge} as given to {@link #ensure}); a failure leaves no link behind.
   */
  void attach(String vxlan, Path netns, LinkDriver.Veth veth);

  /** Removes a container's veth from the network's bridge; absent is fine. */
  void detach(String vxlan, String hostVeth);

  /**
   * Programs the remote endpoints: for each added one a permanent FDB entry (its MAC behind
   * its host's address) and a permanent neighbour entry (its IP at its MAC, which the device
   * answers ARP with, {@code proxy}); removed ones lose both.
   */
  void peers(String vxlan, List<Peer> add, List<Peer> remove);

  /** A remote endpoint: its address, MAC and the underlay address of its host. */
  record Peer(String ip, String mac, String host) {}
}
