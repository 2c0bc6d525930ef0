package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The networks: their records under {@code <root>/network/networks}, the predefined
 * {@code bridge}, {@code host} and {@code none}, lookups by id, name and prefix, and their
 * bridges. Not thread-safe: {@link NetworkService} holds its lock around every call (libnetwork's
 * controller/network split; the endpoints are the service's).
 */
final class NetworkCatalog {
  private static final Logger LOG = Logger.getLogger(NetworkCatalog.class.getName());

  private final NetworkOptions options;
  private final NetworkStore store;
  private final LinkDriver links;
  private final AddressPools pools;
  private final Map<String, NetworkRecord> networks = new LinkedHashMap<>();
  private SwarmNetworks.Membership swarm = SwarmNetworks.Membership.NONE;

  NetworkCatalog(NetworkOptions options, NetworkStore store, LinkDriver links) {
    this.options = options;
    this.store = store;
    this.links = links;
    this.pools = new AddressPools(options.pools());
  }

  /** Loads the records, makes the predefined networks and every bridge that is missing. */
  void load() {
    io.berth.common.Phases t = io.berth.common.Phases.start("network records");
    store.loadNetworks().forEach(n -> networks.put(n.id(), n));
    t.mark("read");
    predefined("host", "host");
    predefined("none", "null");
    t.mark("predefined");
    defaultBridge();
    t.mark("default-bridge");
    for (NetworkRecord n : networks.values()) {
      if (n.isBridge()) {
        ensureBridge(n);
        enableForwarding(n);
      }
    }
    t.mark("bridges");
    t.done();
  }

  /** The swarm this node may be in: its networks are planned by {@link SwarmNetworks}. */
  void setSwarm(SwarmNetworks.Membership swarm) {
    this.swarm = swarm;
  }

  /** The live map (read under the service's lock). */
  Map<String, NetworkRecord> byId() {
    return networks;
  }

  Collection<NetworkRecord> all() {
    return networks.values();
  }

  /**
   * Checks a create ({@link NetworkCreation}), makes the bridge and records the network; a
   * failure in {@code then} (the firewall) undoes all of it.
   */
  NetworkCreation.Planned create(CreateNetwork req, Runnable then) {
    List<String> routes = req.pools().stream().anyMatch(p -> !p.ipv6()) ? List.of()
        : links.hostRoutes();
    NetworkCreation.Planned planned = swarm.active() && SwarmNetworks.wants(req)
        ? SwarmNetworks.plan(req, networks.values(), swarm.addressPools(), routes)
        : NetworkCreation.plan(req, networks.values(), pools, routes);
    NetworkRecord n = planned.network();
    if (n.isBridge() && links.exists(n.bridge())) {
      throw BerthException.conflict("bridge " + n.bridge() + " already exists on the host and"
          + " is not one of this daemon's networks");
    }
    if (n.isBridge()) {
      ensureBridge(n);
    }
    try {
      store.save(n);
      networks.put(n.id(), n);
      enableForwarding(n);
      then.run();
    } catch (RuntimeException e) {
      networks.remove(n.id());
      store.deleteNetwork(n.id());
      if (n.isBridge()) {
        links.deleteBridge(n.bridge());
      }
      throw e;
    }
    return planned;
  }

  /**
   * By full id, name, or unique id prefix.
   *
   * @throws BerthException.NotFound {@code network x not found}
   */
  NetworkRecord get(String ref) {
    NetworkRecord byId = networks.get(ref);
    if (byId != null) {
      return byId;
    }
    List<NetworkRecord> byName = findByName(ref);
    if (!byName.isEmpty()) {
      return byName.getFirst();
    }
    List<NetworkRecord> prefix = networks.values().stream()
        .filter(n -> !ref.isEmpty() && n.id().startsWith(ref)).toList();
    if (prefix.size() == 1) {
      return prefix.getFirst();
    }
    throw BerthException.notFound("network " + ref + " not found");
  }

  /** Forgets a user network and deletes its bridge (berth made it: see NetworkCreation). */
  void remove(NetworkRecord n, Runnable then) {
    networks.remove(n.id());
    store.deleteNetwork(n.id());
    then.run();
    if (n.isBridge()) {
      links.deleteBridge(n.bridge());
    }
  }

  /** Makes the network's bridge again when it is missing (deleted under a running berthd). */
  void ensureBridge(NetworkRecord n) {
    IpamPool v6 = n.enableIpv6() ? n.ipv6Pool() : null;
    links.ensureBridge(n.bridge(), n.gateway() + "/" + n.prefixLen(),
        v6 == null || v6.gateway() == null ? null
            : v6.gateway() + "/" + Cidr6.parse(v6.subnet()).prefix());
  }

  /** The default bridge's gateway (Docker's host-gateway), or null without one. */
  String defaultGateway() {
    return networks.values().stream().filter(NetworkRecord::isDefaultBridge)
        .map(NetworkRecord::gateway).findFirst().orElse(null);
  }

  private List<NetworkRecord> findByName(String name) {
    return networks.values().stream().filter(n -> n.name().equals(name)).toList();
  }

  private void predefined(String name, String driverName) {
    if (findByName(name).isEmpty()) {
      NetworkRecord n = new NetworkRecord(Ids.random(), name, driverName, null, null, null,
          false, false, false, Map.of(), Map.of(), Instant.now().toString(), true, null);
      store.save(n);
      networks.put(n.id(), n);
    }
  }

  /** The {@code bridge} network on {@code --bridge}: see {@link DefaultBridge}. */
  private void defaultBridge() {
    NetworkRecord old = findByName("bridge").stream().findFirst().orElse(null);
    List<String> taken = new ArrayList<>(links.hostRoutes());
    networks.values().stream().filter(n -> n != old).map(NetworkRecord::subnet)
        .filter(s -> s != null).forEach(taken::add);
    List<String> onBridge = options.bridge() != null && !options.bridge().equals("none")
        && links.exists(options.bridge()) ? links.ipv4Addresses(options.bridge()) : List.of();
    NetworkRecord n = DefaultBridge.desired(options, old, taken, pools, onBridge);
    if (n == null) {
      if (old != null) {
        networks.remove(old.id());
        store.deleteNetwork(old.id());
      }
      return;
    }
    if (n.equals(old)) {
      return;
    }
    // the old record's bridge stays: another daemon may use it, and berth may not have made it
    store.save(n);
    Map<String, NetworkRecord> reordered = new LinkedHashMap<>();
    reordered.put(n.id(), n);
    networks.forEach((k, v) -> reordered.putIfAbsent(k, v));
    networks.clear();
    networks.putAll(reordered);
  }

  private void enableForwarding(NetworkRecord n) {
    if (n.internal() || !options.ipForward()) {
      return;
    }
    Path p = Path.of("/proc/sys/net/ipv4/ip_forward");
    try {
      if (!Files.readString(p).strip().equals("1")) {
        Files.writeString(p, "1\n");
        LOG.log(Level.INFO, "enabled IPv4 forwarding (net.ipv4.ip_forward=1) for bridge network "
            + n.name());
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot enable IPv4 forwarding for network " + n.name(), e);
    }
  }
}
