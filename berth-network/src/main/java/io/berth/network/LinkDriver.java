package io.berth.network;

import java.nio.file.Path;
import java.util.List;

/**
 * The kernel links networks need, in the daemon's own network namespace: bridges with their
 * gateway addresses, and veth endpoints into containers' namespaces. {@link BridgeDriver} does
 * it with iproute2; tests use a recording fake.
 */
public interface LinkDriver {
  /** Whether the daemon's namespace has a link of that name. */
  boolean exists(String link);

  /** The IPv4 addresses on a link with prefixes ({@code 172.17.0.1/16}), in order. */
  List<String> ipv4Addresses(String link);

  /** The host's IPv4 routes as prefixes, default route left out (for free subnets). */
  List<String> hostRoutes();

  /**
   * Makes the bridge with its gateway when missing; a bridge that exists keeps its address.
   *
   * @param gateway6Cidr the IPv6 gateway with its prefix, or null
   * @throws io.berth.common.BerthException.Conflict when the bridge has another IPv4 address
   *     (berth never stacks a second gateway on a bridge)
   */
  void ensureBridge(String name, String gatewayCidr, String gateway6Cidr);

  /** Deletes a bridge; absent is fine. */
  void deleteBridge(String name);

  /** Adds a veth endpoint; a failure leaves no link behind. */
  void attach(Path netns, Veth veth);

  /** Removes the host end of a veth pair (the kernel removes its peer); absent is fine. */
  void detach(String hostVeth);

  /** The links enslaved to {@code bridge} (its ports); none when there is no such bridge. */
  default List<String> ports(String bridge) {
    return List.of();
  }

  /** Applies {@code nft -f} input inside a container's namespace. */
  void nftInNamespace(Path netns, String rules);

  /** Brings up {@code lo} only (network mode none). */
  void loopbackOnly(Path netns);

  /**
   * One veth endpoint to make.
   *
   * @param gateway the IPv4 default route, or null for none
   * @param extraCidrs more addresses on the container's end (IPv6, link-local), with prefixes
   * @param gateway6 the IPv6 default route, or null
   * @param nsRules {@code nft -f} input to apply inside the namespace (the embedded DNS's
   *     redirect), or null
   */
  record Veth(String bridge, String hostVeth, String ifName, String ipCidr, String gateway,
      String mac, List<String> extraCidrs, String gateway6, String nsRules) {}
}
