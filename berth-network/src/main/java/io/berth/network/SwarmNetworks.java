package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code network create} of a swarm network (driver {@code overlay}, scope {@code swarm},
 * {@code Ingress}) while this node is in berth's single-node swarm, checked as dockerd and
 * swarmkit check it, and the record it makes: a 25-character id as swarmkit's, a subnet from the
 * swarm's default address pool (10.0.0.0/8 in /24s), a VXLAN id in the options as dockerd shows
 * it. An attachable network is served on this node by a Linux bridge (its record names one); the
 * others have none: nothing but a swarm service could use them, and berth runs no services (ADR
 * 0115). Pure: the caller gives the existing networks and the routes of the host.
 */
public final class SwarmNetworks {
  static final String VXLAN = "com.docker.network.driver.overlay.vxlanid_list";
  private static final int FIRST_VXLAN = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SwarmNetworks() {}

  /** Whether this node is in a swarm, and the swarm's default address pools. */
  public interface Membership {
    Membership NONE = new Membership() {
      @Override
      public boolean active() {
        return false;
      }

      @Override
      public List<AddressPools.Pool> addressPools() {
        return List.of();
      }
    };

    boolean active();

    /** DefaultAddrPool cut by SubnetSize. */
    List<AddressPools.Pool> addressPools();
  }

  /** A request that makes a swarm network when the node is in a swarm. */
  static boolean wants(CreateNetwork req) {
    return "overlay".equals(req.driver()) || NetworkRecord.SWARM.equals(req.scope())
        || req.ingress();
  }

  static NetworkCreation.Planned plan(CreateNetwork req, Collection<NetworkRecord> existing,
      List<AddressPools.Pool> addressPools, List<String> hostRoutes) {
    String name = req.name();
    if (name == null || name.isBlank()) {
      throw BerthException.invalid("network name is required");
    }
    String driver = req.driver() == null || req.driver().isEmpty() ? "bridge" : req.driver();
    if (existing.stream().anyMatch(n -> n.predefined() && n.name().equals(name))) {
      throw new BerthException.PermissionDenied(name + " is a pre-defined network and cannot"
          + " be created");
    }
    if (!driver.equals("overlay")) {
      throw new BerthException.NotImplemented("berth's single-node swarm makes overlay"
          + " networks only: a swarm-scoped " + driver + " network is not supported");
    }
    if (NetworkRecord.LOCAL.equals(req.scope())) {
      throw new BerthException.PermissionDenied("cannot downgrade network scope for overlay"
          + " networks");
    }
    if (req.ingress() && req.attachable()) {
      throw BerthException.invalid("rpc error: code = InvalidArgument desc = ingress network"
          + " cannot be attachable");
    }
    if (req.ingress()) {
      existing.stream().filter(NetworkRecord::ingress).findFirst().ifPresent(n -> {
        throw BerthException.conflict("rpc error: code = AlreadyExists desc = ingress network ("
            + n.id() + ") is already present");
      });
    }
    if (existing.stream().anyMatch(n -> n.name().equals(name))) {
      throw BerthException.conflict("network with name " + name + " already exists");
    }
    if (req.ipamDriver() != null && !req.ipamDriver().isEmpty()
        && !req.ipamDriver().equals("default")) {
      throw BerthException.notFound("plugin \"" + req.ipamDriver() + "\" not found");
    }
    String id = swarmId();
    List<IpamPool> pools = NetworkCreation.poolsOf(req, existing,
        new AddressPools(addressPools.isEmpty() ? DEFAULT_POOLS : addressPools), hostRoutes);
    IpamPool v4 = pools.stream().filter(p -> !p.ipv6()).findFirst().orElseThrow();
    Map<String, String> opts = new LinkedHashMap<>(req.options());
    opts.put(VXLAN, Integer.toString(nextVxlan(existing)));
    String bridge = null;
    if (req.attachable()) {
      bridge = "br-" + id.substring(0, 12);
      String b = bridge;
      if (existing.stream().anyMatch(n -> b.equals(n.bridge()))) {
        throw BerthException.conflict("bridge " + b + " is already in use by another network");
      }
    }
    NetworkRecord n = new NetworkRecord(id, name, "overlay", bridge, v4.subnet(), v4.gateway(),
        req.internal(), req.attachable(), req.enableIpv6(), req.labels(), opts,
        Instant.now().toString(), false, pools, NetworkRecord.SWARM, req.ingress());
    return new NetworkCreation.Planned(n, "");
  }

  /** Swarm's own pool when {@code swarm init} named none. */
  public static final List<AddressPools.Pool> DEFAULT_POOLS =
      List.of(new AddressPools.Pool("10.0.0.0/8", 24));

  /**
   * The pools of {@code swarm init}'s DefaultAddrPool and SubnetSize; 400 for a CIDR that does
   * not parse or a size shorter than a pool's prefix, as swarmkit refuses them.
   */
  public static List<AddressPools.Pool> pools(List<String> cidrs, int subnetSize) {
    int size = subnetSize == 0 ? 24 : subnetSize;
    if (cidrs.isEmpty()) {
      return size == 24 ? DEFAULT_POOLS : List.of(new AddressPools.Pool("10.0.0.0/8", size));
    }
    List<AddressPools.Pool> out = new java.util.ArrayList<>();
    for (String c : cidrs) {
      Cidr parsed;
      try {
        parsed = Cidr.parse(c);
      } catch (RuntimeException e) {
        throw BerthException.invalid("invalid default address pool " + c + ": "
            + Messages.of(e));
      }
      if (size < parsed.prefix() || size > 29) {
        throw BerthException.invalid("invalid subnet size " + size + " for default address"
            + " pool " + c);
      }
      out.add(new AddressPools.Pool(parsed.toString(), size));
    }
    return List.copyOf(out);
  }

  /**
   * A container may join a swarm network only when it is attachable, as dockerd refuses it (a
   * 500 there too).
   */
  static void requireAttachable(NetworkRecord n) {
    if (n.isSwarm() && !n.attachable()) {
      throw BerthException.internal("Could not attach to network " + n.name() + ": rpc error:"
          + " code = PermissionDenied desc = network " + n.name() + " not manually attachable",
          null);
    }
  }

  /** 25 characters of [0-9a-z], as swarmkit's identity.NewID makes them. */
  public static String swarmId() {
    String digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    StringBuilder b = new StringBuilder(25);
    for (int i = 0; i < 25; i++) {
      b.append(digits.charAt(RANDOM.nextInt(digits.length())));
    }
    return b.toString();
  }

  private static int nextVxlan(Collection<NetworkRecord> existing) {
    int v = FIRST_VXLAN;
    java.util.Set<String> used = new java.util.HashSet<>();
    existing.forEach(n -> {
      String s = n.options().get(VXLAN);
      if (s != null) {
        used.add(s);
      }
    });
    while (used.contains(Integer.toString(v))) {
      v++;
    }
    return v;
  }
}
