package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Ids;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code network create -d overlay} with a cluster store: the global network's record. Pure:
 * the caller gives every network it knows (this host's and the cluster's), the VNIs taken in
 * the cluster and this host's routes. The subnet comes from libnetwork's global default pool
 * ({@code 10.0.0.0/8} in /24s) unless given; the VNI is the lowest free one from 4096 (as
 * libnetwork's overlay driver), or {@code com.docker.network.driver.overlay.vxlanid_list}.
 */
final class OverlayCreation {
  static final String VNI_OPTION = "com.docker.network.driver.overlay.vxlanid_list";
  static final int FIRST_VNI = 4096;
  private static final AddressPools GLOBAL_POOLS =
      new AddressPools(List.of(new AddressPools.Pool("10.0.0.0/8", 24)));

  private OverlayCreation() {}

  static NetworkRecord plan(CreateNetwork req, Collection<NetworkRecord> existing,
      Set<Integer> vnis, List<String> hostRoutes) {
    String name = req.name();
    if (name == null || name.isBlank()) {
      throw BerthException.invalid("network name is required");
    }
    if (existing.stream().anyMatch(n -> n.name().equals(name))) {
      throw BerthException.conflict("network with name " + name + " already exists");
    }
    String scope = req.scope() == null ? "" : req.scope();
    if (!scope.isEmpty() && !scope.equals("global")) {
      throw BerthException.invalid("an overlay network on the cluster store is global scope,"
          + " not " + scope);
    }
    if (req.ingress()) {
      throw new BerthException.PermissionDenied("Ingress network can only be created in"
          + " swarm mode");
    }
    if (req.enableIpv6() || req.pools().stream().anyMatch(IpamPool::ipv6)) {
      throw BerthException.invalid("berth's overlay networks are IPv4 only");
    }
    if (req.options().containsKey("encrypted")) {
      throw BerthException.invalid("encrypted overlay networks are not supported: berth's"
          + " VXLAN traffic is not encrypted (ADR 0124)");
    }
    if (req.ipamDriver() != null && !req.ipamDriver().isEmpty()
        && !req.ipamDriver().equals("default")) {
      throw BerthException.notFound("plugin \"" + req.ipamDriver() + "\" not found");
    }
    Map<String, String> opts = new LinkedHashMap<>(req.options());
    opts.put(VNI_OPTION, Integer.toString(vni(opts.get(VNI_OPTION), vnis)));
    List<IpamPool> pools = NetworkCreation.poolsOf(req, existing, GLOBAL_POOLS, hostRoutes);
    IpamPool v4 = pools.getFirst();
    String id = Ids.random();
    return new NetworkRecord(id, name, "overlay", bridgeName(id), v4.subnet(), v4.gateway(),
        req.internal(), req.attachable(), false, req.labels(), opts, Instant.now().toString(),
        false, pools);
  }

  /** The host bridge of a global network, the same on every host: {@code ov-<id:12>}. */
  static String bridgeName(String id) {
    return "ov-" + id.substring(0, 12);
  }

  /** Its VXLAN device: {@code vx-<id:12>}. */
  static String vxlanName(String id) {
    return "vx-" + id.substring(0, 12);
  }

  /** The network's VNI, from its options. */
  static int vniOf(NetworkRecord n) {
    return Integer.parseInt(n.options().get(VNI_OPTION));
  }

  private static int vni(String asked, Set<Integer> taken) {
    if (asked != null) {
      int v;
      try {
        v = Integer.parseInt(asked.strip());
      } catch (NumberFormatException e) {
        throw BerthException.invalid("invalid " + VNI_OPTION + ": " + asked
            + " (berth takes one VNI per network)");
      }
      if (v < 1 || v > (1 << 24) - 1) {
        throw BerthException.invalid("VNI " + v + " is out of range 1-16777215");
      }
      if (taken.contains(v)) {
        throw BerthException.conflict("VNI " + v + " is already in use by another network");
      }
      return v;
    }
    int v = FIRST_VNI;
    while (taken.contains(v)) {
      v++;
    }
    return v;
  }
}
