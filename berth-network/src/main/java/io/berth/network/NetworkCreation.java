package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code network create} checked as dockerd checks it, and the record it makes: names, drivers,
 * scopes, swarm-only settings, CheckDuplicate, IPAM pools (several, IPv4 and IPv6, with ranges
 * and auxiliary addresses) and the bridge's name. Pure: the caller gives the existing networks
 * and the subnets taken on the host.
 */
public final class NetworkCreation {
  /** A Linux interface name that is safe in an {@code ip -batch} line (IFNAMSIZ - 1). */
  private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
  static final String BRIDGE_NAME = "com.docker.network.bridge.name";

  private NetworkCreation() {}

  /** The record to make, and Docker's Warning (a duplicate name allowed), "" otherwise. */
  public record Planned(NetworkRecord network, String warning) {}

  static Planned plan(CreateNetwork req, Collection<NetworkRecord> existing, AddressPools pools,
      List<String> hostRoutes) {
    String name = req.name();
    if (name == null || name.isBlank()) {
      throw BerthException.invalid("network name is required");
    }
    List<NetworkRecord> same = existing.stream().filter(n -> n.name().equals(name)).toList();
    if (same.stream().anyMatch(NetworkRecord::predefined)) {
      throw new BerthException.PermissionDenied(name.equals("bridge")
          ? "operation is not permitted on predefined bridge network "
          : name + " is a pre-defined network and cannot be created");
    }
    String driver = req.driver() == null || req.driver().isEmpty() ? "bridge" : req.driver();
    String scope = req.scope() == null ? "" : req.scope();
    if (req.ingress()) {
      throw new BerthException.PermissionDenied("Ingress network can only be global scope"
          + " network");
    }
    if (scope.equals("swarm") || scope.equals("global")) {
      throw new BerthException.PermissionDenied("cannot create a swarm scoped network when"
          + " swarm is not active");
    }
    if (!scope.isEmpty() && !scope.equals("local")) {
      throw BerthException.invalid("invalid scope value: " + scope);
    }
    String warning = "";
    if (!same.isEmpty()) {
      if (req.refuseDuplicates() ? !Boolean.FALSE.equals(req.checkDuplicate())
          : Boolean.TRUE.equals(req.checkDuplicate())) {
        throw BerthException.conflict("network with name " + name + " already exists");
      }
      warning = "Network with name " + name + " (id : " + same.getFirst().id()
          + ") already exists";
    }
    if (driver.equals("host") || driver.equals("null")) {
      throw new BerthException.PermissionDenied("only one instance of \"" + driver
          + "\" network is allowed");
    }
    if (driver.equals("overlay")) {
      throw BerthException.internal("This node is not a swarm manager. Use \"docker swarm"
          + " init\" or \"docker swarm join\" to connect this node to swarm and try again.",
          null);
    }
    if (!driver.equals("bridge")) {
      throw BerthException.notFound("plugin \"" + driver + "\" not found");
    }
    if (req.ipamDriver() != null && !req.ipamDriver().isEmpty()
        && !req.ipamDriver().equals("default")) {
      throw BerthException.notFound("plugin \"" + req.ipamDriver() + "\" not found");
    }
    String id = Ids.random();
    Map<String, String> opts = new LinkedHashMap<>(req.options());
    String bridge = opts.getOrDefault(BRIDGE_NAME, "br-" + id.substring(0, 12));
    if (!IFNAME.matcher(bridge).matches()) {
      throw BerthException.invalid("invalid bridge name " + quote(bridge) + ": at most 15"
          + " letters, digits, '-', '_' and '.'");
    }
    if (existing.stream().anyMatch(n -> bridge.equals(n.bridge()))) {
      throw BerthException.conflict("bridge " + bridge + " is already in use by another"
          + " network");
    }
    List<IpamPool> out = poolsOf(req, existing, pools, hostRoutes);
    IpamPool v4 = out.stream().filter(p -> !p.ipv6()).findFirst().orElseThrow();
    NetworkRecord n = new NetworkRecord(id, name, "bridge", bridge, v4.subnet(), v4.gateway(),
        req.internal(), req.attachable(), req.enableIpv6(), req.labels(), opts,
        Instant.now().toString(), false, out);
    return new Planned(n, warning);
  }

  /**
   * The pools as given, each IPv4 one with its gateway (the first address when none is given)
   * and checked against the other networks; one from the address pools when no IPv4 pool is
   * given, first, as Docker shows it.
   */
  static List<IpamPool> poolsOf(CreateNetwork req, Collection<NetworkRecord> existing,
      AddressPools pools, List<String> hostRoutes) {
    List<IpamPool> out = new ArrayList<>();
    boolean v4 = false;
    List<Cidr> mine = new ArrayList<>();
    for (IpamPool p : req.pools()) {
      if (p.subnet() == null || p.subnet().isEmpty()) {
        throw BerthException.invalid("subnet is required for an IPAM pool");
      }
      if (p.ipv6()) {
        Cidr6 c = Cidr6.parse(p.subnet());
        if (p.ipRange() != null && !p.ipRange().isEmpty()
            && !c.containsPrefix(Cidr6.parse(p.ipRange()))) {
          throw BerthException.invalid("invalid pool request: ip-range " + p.ipRange()
              + " is not in subnet " + p.subnet());
        }
        String gw = empty(p.gateway()) ? null : p.gateway();
        if (gw != null && !c.contains(Cidr6.parseAddress(gw))) {
          throw BerthException.invalid("no matching subnet for gateway " + gw);
        }
        if (gw == null && req.enableIpv6()) {
          gw = Cidr6.format(c.nth(1));
        }
        out.add(new IpamPool(p.subnet(), empty(p.ipRange()) ? null : p.ipRange(), gw,
            p.auxAddresses()));
        continue;
      }
      Cidr c = Cidr.parse(p.subnet());
      for (NetworkRecord n : existing) {
        for (IpamPool o : n.pools()) {
          if (!o.ipv6() && Cidr.parse(o.subnet()).overlaps(c)) {
            throw new BerthException.PermissionDenied("invalid pool request: Pool overlaps"
                + " with other one on this address space");
          }
        }
      }
      if (mine.stream().anyMatch(c::overlaps)) {
        throw new BerthException.PermissionDenied("invalid pool request: Pool overlaps with"
            + " other one on this address space");
      }
      mine.add(c);
      String range = empty(p.ipRange()) ? null : p.ipRange();
      if (range != null) {
        Cidr r = Cidr.parse(range);
        if (!c.contains(r.network()) || r.prefix() < c.prefix()) {
          throw BerthException.invalid("invalid pool request: ip-range " + range
              + " is not in subnet " + p.subnet());
        }
      }
      String gw = empty(p.gateway()) ? Cidr.format(c.nth(1)) : p.gateway();
      if (!c.contains(Cidr.parseAddress(gw))) {
        throw BerthException.invalid("no matching subnet for gateway " + gw);
      }
      for (Map.Entry<String, String> aux : p.auxAddresses().entrySet()) {
        if (!c.contains(Cidr.parseAddress(aux.getValue()))) {
          throw BerthException.invalid("no matching subnet for aux-address "
              + aux.getValue());
        }
      }
      out.add(new IpamPool(c.toString(), range, gw, p.auxAddresses()));
      v4 = true;
    }
    if (!v4) {
      List<String> taken = new ArrayList<>(hostRoutes);
      existing.forEach(n -> n.pools().stream().filter(p -> !p.ipv6())
          .forEach(p -> taken.add(p.subnet())));
      String subnet = pools.next(taken);
      out.addFirst(new IpamPool(subnet, null, Cidr.format(Cidr.parse(subnet).nth(1)), null));
    }
    return out;
  }

  /** The addresses of a pool that no endpoint may get: the auxiliary ones. */
  static Set<String> reserved(IpamPool p) {
    return Set.copyOf(p.auxAddresses().values());
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }

  static String quote(String s) {
    return "\"" + s.replace("\"", "\\\"") + "\"";
  }
}
