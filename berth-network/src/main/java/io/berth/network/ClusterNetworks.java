package io.berth.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Global-scope overlay networks over a cluster store (ADR 0124), libnetwork's pre-swarm model:
 * the networks, and every host's endpoints on them, live in the store; this host's endpoints
 * are bound to its lease, so they vanish from the store, and from the other hosts' tables,
 * when it stops renewing it. Addresses are reserved with create-if-absent transactions, so no
 * two hosts take one. The kernel side is a bridge and a VXLAN device per network, in a
 * namespace of the network's own ({@link VxlanLinks}, ADR 0144), with a static forwarding
 * entry for each remote endpoint.
 *
 * <p>Not thread-safe: {@link NetworkService} holds its lock around every call, including
 * {@link #apply}, which its {@link ClusterSync} thread asks for after each change in the store.
 */
public final class ClusterNetworks {
  private static final Logger LOG = Logger.getLogger(ClusterNetworks.class.getName());
  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper
      .builder().disable(com.fasterxml.jackson.databind.DeserializationFeature
          .FAIL_ON_UNKNOWN_PROPERTIES).build();

  /**
   * @param advertise this host's underlay address ({@code --cluster-advertise}): the VXLAN
   *     tunnels' end on this host
   * @param hostName shown as the peer's name in {@code network inspect}
   * @param leaseTtl seconds after which a silent host's endpoints vanish
   */
  public record Options(String advertise, String hostName, int leaseTtl) {}

  /** What the store holds: the global networks by id and every host's endpoints. */
  record View(Map<String, NetworkRecord> networks, List<ClusterEndpoint> endpoints) {}

  private final ClusterStore store;
  private final Options options;
  private final Path leaseFile;
  private final VxlanLinks vxlan;
  private volatile long lease;
  /** This host's endpoints by store key, to publish again under a new lease. */
  private final Map<String, ClusterEndpoint> mine = new ConcurrentHashMap<>();
  private final Set<String> unreleased = ConcurrentHashMap.newKeySet();
  private View view = new View(Map.of(), List.of());
  private final Map<String, Set<VxlanLinks.Peer>> programmed = new HashMap<>();
  private final Set<String> ensured = new HashSet<>();

  /** @param stateDir where the lease id is kept across restarts ({@code <root>/network}) */
  ClusterNetworks(ClusterStore store, Options options, Path stateDir, VxlanLinks vxlan) {
    this.store = store;
    this.options = options;
    this.leaseFile = stateDir.resolve("cluster-lease");
    this.vxlan = vxlan;
  }

  /** This host's underlay address. */
  String advertise() {
    return options.advertise();
  }

  int leaseTtl() {
    return options.leaseTtl();
  }

  ClusterStore store() {
    return store;
  }

  /** Whether the network's links on this host are there (they may have been deleted). */
  boolean present(NetworkRecord n) {
    return vxlan.present(n.bridge(), OverlayCreation.vxlanName(n.id()));
  }

  /** Adds a container's veth on the network's bridge, in the network's namespace. */
  void attach(NetworkRecord n, Path netns, LinkDriver.Veth veth) {
    vxlan.attach(OverlayCreation.vxlanName(n.id()), netns, veth);
  }

  /** Removes a container's veth from the network's bridge; absent is fine. */
  void detach(String networkId, String hostVeth) {
    vxlan.detach(OverlayCreation.vxlanName(networkId), hostVeth);
  }

  /** Takes this host's lease again when it is still alive (a quick restart), else a new one. */
  void connect() {
    long old = 0;
    try {
      old = Files.exists(leaseFile) ? Long.parseLong(Files.readString(leaseFile).strip()) : 0;
    } catch (IOException | NumberFormatException e) {
      old = 0;
    }
    if (old != 0 && store.keepAlive(old)) {
      lease = old;
      return;
    }
    newLease();
  }

  /** Renews the lease; when it had expired, takes a new one and publishes every endpoint again. */
  void keepAlive() {
    if (lease == 0) {
      return; // not connected yet: the next sync connects
    }
    if (!store.keepAlive(lease)) {
      LOG.warning("the cluster store's lease of this host expired; publishing its "
          + mine.size() + " endpoints again");
      newLease();
      mine.forEach((k, e) -> store.put(k, json(e), lease));
    }
    for (String key : List.copyOf(unreleased)) {
      store.delete(List.of(key));
      unreleased.remove(key);
    }
  }

  /** Whether {@link #connect} has succeeded (this host holds a lease). */
  boolean connected() {
    return lease != 0;
  }

  private void newLease() {
    lease = store.grant(options.leaseTtl());
    try {
      AtomicFiles.write(leaseFile, Long.toString(lease).getBytes());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "keep the cluster lease id in " + leaseFile, e);
    }
  }

  /** Whether a network is one of the cluster's (global scope). */
  boolean owns(String networkId) {
    return view.networks().containsKey(networkId);
  }

  /** Reads the whole store (one range): the networks and endpoints. */
  View read() {
    Map<String, NetworkRecord> nets = new LinkedHashMap<>();
    List<ClusterEndpoint> eps = new ArrayList<>();
    for (ClusterStore.KeyValue kv : store.range(ClusterKeys.ROOT).kvs()) {
      try {
        if (kv.key().startsWith(ClusterKeys.NETWORKS)) {
          NetworkRecord n = JSON.readValue(kv.value(), NetworkRecord.class);
          nets.put(n.id(), n);
        } else if (kv.key().startsWith(ClusterKeys.ENDPOINTS)) {
          eps.add(JSON.readValue(kv.value(), ClusterEndpoint.class));
        }
      } catch (IOException e) {
        LOG.warning("skip unreadable cluster store key " + kv.key() + ": " + e.getMessage());
      }
    }
    eps.removeIf(e -> !nets.containsKey(e.network()));
    return new View(nets, eps);
  }

  /**
   * Makes the kernel and {@code catalog} (the service's network map) agree with {@code v}:
   * global networks added and removed, each with its bridge and VXLAN device, and the remote
   * endpoints' forwarding entries added and removed.
   *
   * @return whether the set of networks changed (the firewall must be rewritten)
   */
  boolean apply(View v, Map<String, NetworkRecord> catalog) {
    boolean changed = false;
    for (String id : view.networks().keySet()) {
      if (!v.networks().containsKey(id)) {
        NetworkRecord gone = catalog.remove(id);
        programmed.remove(id);
        ensured.remove(id);
        if (gone != null) {
          vxlan.delete(gone.bridge(), OverlayCreation.vxlanName(id));
        }
        changed = true;
      }
    }
    for (NetworkRecord n : v.networks().values()) {
      changed |= catalog.put(n.id(), n) == null;
      if (ensured.add(n.id())) {
        try {
          ensure(n);
        } catch (RuntimeException e) {
          ensured.remove(n.id());
          LOG.log(Level.WARNING, "make the links of overlay network " + n.name(), e);
        }
      }
    }
    view = v;
    if (changed) {
      recordLinks(v.networks().values());
    }
    Map<String, Set<VxlanLinks.Peer>> desired = new HashMap<>();
    for (ClusterEndpoint e : v.endpoints()) {
      if (!e.host().equals(options.advertise())) {
        desired.computeIfAbsent(e.network(), k -> new HashSet<>())
            .add(new VxlanLinks.Peer(e.ip(), e.mac(), e.host()));
      }
    }
    for (String id : v.networks().keySet()) {
      Set<VxlanLinks.Peer> want = desired.getOrDefault(id, Set.of());
      Set<VxlanLinks.Peer> have = programmed.getOrDefault(id, Set.of());
      List<VxlanLinks.Peer> add = want.stream().filter(p -> !have.contains(p)).toList();
      List<VxlanLinks.Peer> remove = have.stream().filter(p -> !want.contains(p)).toList();
      if (add.isEmpty() && remove.isEmpty()) {
        continue;
      }
      try {
        vxlan.peers(OverlayCreation.vxlanName(id), add, remove);
        programmed.put(id, Set.copyOf(want));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "program the peers of overlay network " + id, e);
      }
    }
    return changed;
  }

  /**
   * Writes the names of the global networks' bridges and VXLAN devices on this host to
   * {@code <root>/network/cluster-links}, one a line, for {@code berthd --cleanup}
   * ({@link NetworkCleanup}): they are in no local network record.
   */
  private void recordLinks(Collection<NetworkRecord> nets) {
    StringBuilder b = new StringBuilder();
    for (NetworkRecord n : nets) {
      b.append(n.bridge()).append('\n').append(OverlayCreation.vxlanName(n.id())).append('\n');
    }
    try {
      AtomicFiles.writeString(linksFile(leaseFile.getParent()), b.toString());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "record the overlay links", e);
    }
  }

  /** The file {@link #recordLinks} writes under {@code <root>/network}. */
  static Path linksFile(Path stateDir) {
    return stateDir.resolve("cluster-links");
  }

  /** Makes the network's bridge and VXLAN device (again, when one was deleted). */
  void ensure(NetworkRecord n) {
    vxlan.ensure(n.bridge(), n.gateway() + "/" + n.prefixLen(),
        OverlayCreation.vxlanName(n.id()), OverlayCreation.vniOf(n), options.advertise());
  }

  /**
   * {@code network create -d overlay}: plans the record against everything the store and this
   * host know, and writes its keys in one transaction that fails when its name, VNI or subnet
   * was taken meanwhile (then it plans again, up to five times).
   */
  NetworkRecord create(CreateNetwork req, Collection<NetworkRecord> local, List<String> routes) {
    for (int attempt = 0; attempt < 5; attempt++) {
      View fresh = read();
      List<NetworkRecord> all = new ArrayList<>(fresh.networks().values());
      local.stream().filter(n -> !fresh.networks().containsKey(n.id())
          && !view.networks().containsKey(n.id())).forEach(all::add);
      Set<Integer> vnis = new HashSet<>();
      fresh.networks().values().forEach(n -> vnis.add(OverlayCreation.vniOf(n)));
      NetworkRecord n = OverlayCreation.plan(req, all, vnis, routes);
      List<ClusterStore.KeyValue> puts = new ArrayList<>();
      puts.add(kv(ClusterKeys.network(n.id()), json(n)));
      puts.add(kv(ClusterKeys.name(n.name()), n.id()));
      puts.add(kv(ClusterKeys.vni(OverlayCreation.vniOf(n)), n.id()));
      n.pools().forEach(p -> puts.add(kv(ClusterKeys.subnet(p.subnet()), n.id())));
      if (store.createAll(puts.stream().map(ClusterStore.KeyValue::key).toList(), puts, 0)) {
        return n;
      }
    }
    throw BerthException.conflict("network " + req.name() + ": its name, VNI or subnet was"
        + " taken by another host meanwhile; try again");
  }

  /**
   * {@code network rm} of a global network: refused while any host has an endpoint on it.
   *
   * @throws BerthException.Conflict Docker's "has active endpoints", with the hosts
   */
  void remove(NetworkRecord n) {
    List<String> hosts = new ArrayList<>();
    for (ClusterStore.KeyValue kv : store.range(ClusterKeys.ENDPOINTS + n.id() + "/").kvs()) {
      ClusterEndpoint e = parse(kv.value());
      if (e != null && !hosts.contains(e.hostName())) {
        hosts.add(e.hostName());
      }
    }
    if (!hosts.isEmpty()) {
      throw BerthException.conflict("error while removing network: network " + n.name()
          + " id " + n.id() + " has active endpoints (on " + String.join(", ", hosts) + ")");
    }
    List<String> keys = new ArrayList<>(List.of(ClusterKeys.network(n.id()),
        ClusterKeys.name(n.name()), ClusterKeys.vni(OverlayCreation.vniOf(n))));
    n.pools().forEach(p -> keys.add(ClusterKeys.subnet(p.subnet())));
    store.delete(keys);
  }

  /** Whether any host has an endpoint on the network (for prune). */
  boolean inUse(String networkId) {
    return view.endpoints().stream().anyMatch(e -> e.network().equals(networkId))
        || !store.range(ClusterKeys.ENDPOINTS + networkId + "/").kvs().isEmpty();
  }

  /**
   * Reserves an address on a global network for a container of this host and publishes the
   * endpoint under this host's lease, in one create-if-absent transaction.
   *
   * @param requested {@code --ip}, or null for the next free address in the cluster
   * @param mac {@code --mac-address}, or null for the one derived from the address
   * @throws BerthException.Conflict when the requested address is taken on any host
   */
  ClusterEndpoint allocate(NetworkRecord n, ContainerNet c, ContainerNet.EndpointSettings s,
      String endpointId, String requested, String mac) {
    if (lease == 0) {
      throw new BerthException.Unavailable("the cluster store has not answered yet", null);
    }
    for (int attempt = 0; attempt < 10; attempt++) {
      Set<String> used = new HashSet<>();
      for (ClusterStore.KeyValue kv : store.range(ClusterKeys.ENDPOINTS + n.id() + "/").kvs()) {
        used.add(kv.key().substring(kv.key().lastIndexOf('/') + 1));
      }
      if (requested != null && used.contains(requested)) {
        throw BerthException.conflict("Address already in use: " + requested
            + " is taken on network " + n.name());
      }
      String ip = Ipam.allocate(n.ipv4Pool(), used, requested);
      ClusterEndpoint e = new ClusterEndpoint(n.id(), ip, mac == null || mac.isEmpty()
          ? Ipam.mac(ip) : mac, options.advertise(), options.hostName(), c.containerId(),
          c.name(), s.aliases(), endpointId);
      String key = ClusterEndpoint.key(n.id(), ip);
      if (store.createAll(List.of(key), List.of(kv(key, json(e))), lease)) {
        mine.put(key, e);
        return e;
      }
    }
    throw BerthException.conflict("no address could be reserved on network " + n.name()
        + ": other hosts took them meanwhile");
  }

  /** Takes this host's endpoint off the store (retried by {@link #keepAlive} when it fails). */
  void release(String networkId, String ip) {
    String key = ClusterEndpoint.key(networkId, ip);
    mine.remove(key);
    try {
      store.delete(List.of(key));
    } catch (BerthException.Unavailable e) {
      LOG.warning("release " + ip + " on " + networkId + " later: " + e.getMessage());
      unreleased.add(key);
    }
  }

  /**
   * Publishes a running container's endpoint again after a restart (live restore): its key
   * bound to this host's lease, unless another host has taken the address meanwhile.
   */
  void republish(ContainerNet c, ContainerNet.Endpoint ep) {
    String key = ClusterEndpoint.key(ep.networkId(), ep.ip());
    ContainerNet.EndpointSettings s = c.networks().get(ep.networkId());
    ClusterEndpoint e = new ClusterEndpoint(ep.networkId(), ep.ip(), ep.mac(),
        options.advertise(), options.hostName(), c.containerId(), c.name(),
        s == null ? List.of() : s.aliases(), ep.endpointId());
    ClusterStore.KeyValue have = store.range(key).kvs().stream()
        .filter(kv -> kv.key().equals(key)).findFirst().orElse(null);
    ClusterEndpoint other = have == null ? null : parse(have.value());
    if (other != null && !other.host().equals(options.advertise())) {
      LOG.warning("address " + ep.ip() + " of " + c.name() + " was taken by host "
          + other.hostName() + " while this one was away; not publishing it");
      return;
    }
    store.put(key, json(e), lease);
    mine.put(key, e);
  }

  /** The remote containers on global networks, for the embedded DNS. */
  List<ContainerNet> remoteContainers() {
    return view.endpoints().stream().filter(e -> !e.host().equals(options.advertise()))
        .map(ClusterEndpoint::asRemoteContainer).toList();
  }

  /** {@code network inspect}'s Peers: the hosts with an endpoint on the network. */
  List<NetworkService.Peer> peers(String networkId) {
    Map<String, NetworkService.Peer> out = new LinkedHashMap<>();
    for (ClusterEndpoint e : view.endpoints()) {
      if (e.network().equals(networkId)) {
        out.putIfAbsent(e.host(), new NetworkService.Peer(e.hostName(), e.host()));
      }
    }
    return List.copyOf(out.values());
  }

  private static ClusterStore.KeyValue kv(String key, String value) {
    return new ClusterStore.KeyValue(key, value, 0, 0);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw BerthException.internal("encode " + o + ": " + e.getMessage(), e);
    }
  }

  private static ClusterEndpoint parse(String s) {
    try {
      return JSON.readValue(s, ClusterEndpoint.class);
    } catch (IOException e) {
      return null;
    }
  }
}
