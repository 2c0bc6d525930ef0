package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Ids;
import io.berth.common.Messages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Networks and containers' attachments to them: the facade the API and the engine call. The
 * network records are the {@link NetworkCatalog}'s, the embedded DNS servers the
 * {@link ContainerResolvers}'; the endpoints (plan, set up, tear down, connect, disconnect) are
 * here. Kernel work goes through the injected {@link LinkDriver}, {@link Firewall} and
 * {@link Namespaces}, so tier-1 tests run it against recording fakes. {@link #start} brings it
 * all back after a daemon restart (a missing bridge is made again, the table is rewritten, so
 * a flushed table is repaired). One lock guards the records and set-ups; DNS lookups never
 * take it.
 */
public final class NetworkService implements ContainerNetworking {
  private static final Logger LOG = Logger.getLogger(NetworkService.class.getName());
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final NetworkOptions options;
  private final NetworkStore store;
  private final Namespaces netns;
  private final LinkDriver driver;
  private final Firewall firewall;
  private final NetworkCatalog catalog;
  private final ContainerResolvers resolvers;
  private final LoopbackProxies proxies = new LoopbackProxies();
  private final HostPorts hostPorts;
  private final Map<String, NetworkRecord> networks;
  private final Map<String, ContainerNet> containers = new HashMap<>();
  /** AutoRemove containers: their records are written without fsync (ADR 0141). */
  private final Set<String> ephemeral = new HashSet<>();
  /** Endpoints whose host veths {@link #reaper} is removing, by veth: their addresses stay taken. */
  private final Map<String, ContainerNet.Endpoint> leaving = new HashMap<>();
  private final LinkReaper reaper;
  /** Global networks on a cluster store (ADR 0124), or null without {@code --cluster-store}. */
  private final ClusterNetworks cluster;
  private ClusterSync clusterSync;

  public NetworkService(NetworkOptions options, LinkDriver links, Firewall firewall,
      Namespaces namespaces, ResolverSockets sockets) {
    this(options, links, firewall, namespaces, sockets, HostPorts.NONE);
  }

  public NetworkService(NetworkOptions options, LinkDriver links, Firewall firewall,
      Namespaces namespaces, ResolverSockets sockets, HostPorts hostPorts) {
    this(options, links, firewall, namespaces, sockets, hostPorts, null);
  }

  NetworkService(NetworkOptions options, LinkDriver links, Firewall firewall,
      Namespaces namespaces, ResolverSockets sockets, HostPorts hostPorts,
      ClusterNetworks cluster) {
    this.cluster = cluster;
    this.hostPorts = hostPorts;
    this.options = options;
    this.store = new NetworkStore(options.root());
    this.netns = namespaces;
    this.reaper = new LinkReaper(namespaces, this::linksGone);
    this.driver = links;
    this.firewall = firewall;
    this.catalog = new NetworkCatalog(options, store, links);
    this.networks = catalog.byId();
    this.resolvers = new ContainerResolvers(sockets);
  }

  /** The service on this host's kernel: iproute2, nftables, bind-mounted namespaces. */
  public static NetworkService onHost(NetworkOptions options, ResolverSockets sockets) {
    return onHost(options, sockets, HostPorts.NONE);
  }

  /** The same, with published ports opened on the host by {@code hostPorts} (rootless). */
  public static NetworkService onHost(NetworkOptions options, ResolverSockets sockets,
      HostPorts hostPorts) {
    return onHost(options, sockets, hostPorts, null, null, null);
  }

  /**
   * The same, with global overlay networks on the cluster store {@code store} (ADR 0124) when
   * it is not null, and namespaces made and removed by system calls when {@code sys} is not
   * null (helper processes otherwise; ADR 0130).
   */
  public static NetworkService onHost(NetworkOptions options, ResolverSockets sockets,
      HostPorts hostPorts, ClusterStore store, ClusterNetworks.Options clusterOptions,
      io.berth.sys.Syscalls sys) {
    Netns ns = new Netns(options.execRoot(), sys);
    int mtu = options.mtu() <= 0 ? 1500 : options.mtu();
    ClusterNetworks cluster = null;
    if (store != null) {
      int overlayMtu = VxlanDriver.overlayMtu(mtu, clusterOptions.advertise());
      cluster = new ClusterNetworks(store, clusterOptions, options.root().resolve("network"),
          new VxlanDriver(Netns.overlays(options.execRoot(), sys), overlayMtu));
    }
    return new NetworkService(options, new BridgeDriver(ns, mtu), new NftablesFirewall(), ns,
        sockets, hostPorts, cluster);
  }

  /** Loads the state, makes the predefined networks, bridges and the firewall table. */
  public synchronized void start() {
    io.berth.common.Phases t = io.berth.common.Phases.start("network start-up");
    resolvers.hostUpstreams(Upstreams.read(options.hostResolvConf(),
        Path.of("/run/systemd/resolve/resolv.conf")));
    t.mark("upstreams");
    catalog.load();
    t.mark("networks+bridges");
    store.loadContainers().forEach(c -> containers.put(c.containerId(), c));
    t.mark("containers");
    deleteStrayLinks();
    t.mark("stray-links");
    if (cluster != null) {
      try {
        cluster.connect();
        cluster.apply(cluster.read(), networks);
      } catch (BerthException.Unavailable e) {
        // local networks work without the store; ClusterSync retries until it answers
        LOG.log(Level.WARNING, "cluster store: " + Messages.of(e)
            + "; global networks appear when it answers");
      }
      clusterSync = new ClusterSync(cluster.store(), this::syncCluster, cluster::keepAlive,
          cluster.leaseTtl());
    }
    firewall.apply(firewallState());
    t.mark("firewall");
    publishNames();
    t.mark("names");
    if (clusterSync != null) {
      clusterSync.start();
    }
    t.done();
  }

  /**
   * Reads the cluster store and applies it: global networks, remote endpoints' forwarding
   * entries and names (called by {@link ClusterSync} after every change in the store).
   */
  synchronized void syncCluster() {
    boolean connecting = !cluster.connected();
    if (connecting) {
      cluster.connect(); // the store did not answer at start-up
    }
    if (cluster.apply(cluster.read(), networks)) {
      firewall.apply(firewallState());
    }
    if (connecting) {
      containers.values().stream().filter(ContainerNet::running).forEach(this::republishGlobal);
    }
    publishNames();
  }

  /** For tests: the servers the embedded DNS forwards to (none: SERVFAIL at once). */
  void hostUpstreams(List<java.net.InetSocketAddress> servers) {
    resolvers.hostUpstreams(servers);
  }

  /** Re-applies the table when another tool flushed or deleted it. */
  public synchronized void repairFirewall() {
    firewall.repair(firewallState());
  }

  /** Stops the DNS servers (bridges, namespaces and rules stay for the next daemon). */
  public synchronized void close() {
    if (clusterSync != null) {
      clusterSync.close();
    }
    resolvers.closeAll();
    proxies.closeAll();
  }

  /** Waits (bounded) for the veth removals under way; a stopping daemon calls it. */
  public void awaitLinkRemovals() {
    reaper.close(); // not under the lock: each removal's last step takes it
  }

  /**
   * Host veths on berth's local bridges that no record names: left by a crash between a
   * container's teardown and the removal of its links ({@link LinkReaper}) or of its record.
   * Removed before any container starts, so that no address is handed out twice.
   */
  private void deleteStrayLinks() {
    Set<String> known = new HashSet<>();
    for (ContainerNet c : containers.values()) {
      c.endpoints().forEach(e -> known.add(e.hostVeth()));
    }
    List<String> stray = new ArrayList<>();
    for (NetworkRecord n : networks.values()) {
      if ("bridge".equals(n.driver()) && n.bridge() != null
          && (cluster == null || !cluster.owns(n.id()))) {
        driver.ports(n.bridge()).stream()
            .filter(v -> v.startsWith("veth") && !known.contains(v)).forEach(stray::add);
      }
    }
    if (!stray.isEmpty()) {
      LOG.info("remove veths that no container has (left by a crash): " + stray);
      netns.deleteLinks(stray);
    }
  }

  private synchronized void linksGone(List<String> veths) {
    veths.forEach(leaving::remove);
  }

  /** The host veths being removed now, whose addresses are still taken. */
  synchronized Set<String> linksLeaving() {
    return Set.copyOf(leaving.keySet());
  }

  // ---- networks -------------------------------------------------------------------------

  /**
   * {@code POST /networks/create}: checks the request as dockerd does ({@link NetworkCreation}),
   * makes the bridge, then records the network. A failure leaves no bridge and no record.
   *
   * @return the network and Docker's Warning ("" or the duplicate name's)
   */
  public synchronized NetworkCreation.Planned create(CreateNetwork req) {
    if (cluster != null && "overlay".equals(req.driver()) && !"swarm".equals(req.scope())) {
      NetworkRecord n = cluster.create(req, networks.values(), driver.hostRoutes());
      syncCluster();
      return new NetworkCreation.Planned(networks.getOrDefault(n.id(), n), "");
    }
    NetworkCreation.Planned p = catalog.create(req, () -> firewall.apply(firewallState()));
    publishNames();
    return p;
  }

  /** The swarm this node may be in ({@code swarm init} makes one): see {@link SwarmNetworks}. */
  public synchronized void setSwarm(SwarmNetworks.Membership swarm) {
    catalog.setSwarm(swarm);
  }

  /**
   * {@code swarm leave}: every swarm network goes, each container attached to one loses it
   * (a running one is detached at once and keeps running, as dockerd leaves them).
   *
   * @return the networks removed
   */
  public synchronized List<NetworkRecord> removeSwarmNetworks() {
    List<NetworkRecord> out = new ArrayList<>();
    for (NetworkRecord n : List.copyOf(networks.values())) {
      if (!n.isSwarm()) {
        continue;
      }
      for (ContainerNet c : List.copyOf(containers.values())) {
        if (c.networks().containsKey(n.id())) {
          disconnect(n.id(), c.containerId());
        }
      }
      catalog.remove(n, () -> firewall.apply(firewallState()));
      out.add(n);
    }
    publishNames();
    return out;
  }

  /** Every network, predefined first, then by creation. */
  public synchronized List<NetworkRecord> list() {
    return List.copyOf(networks.values());
  }

  /**
   * By full id, name, or unique id prefix.
   *
   * @throws BerthException.NotFound {@code network x not found}
   */
  public synchronized NetworkRecord get(String ref) {
    return catalog.get(ref);
  }

  /** The containers attached to a network (running ones, as Docker shows them). */
  public synchronized Map<String, NetworkContainer> containersOf(String networkId) {
    Map<String, NetworkContainer> out = new LinkedHashMap<>();
    NetworkRecord n = networks.get(networkId);
    for (ContainerNet c : containers.values()) {
      for (ContainerNet.Endpoint e : c.endpoints()) {
        if (e.networkId().equals(networkId)) {
          IpamPool v6 = n.ipv6Pool();
          out.put(c.containerId(), new NetworkContainer(c.name(), e.endpointId(), e.mac(),
              e.ip() + "/" + n.prefixLen(), e.ipv6() == null || v6 == null ? null
                  : e.ipv6() + "/" + Cidr6.parse(v6.subnet()).prefix()));
        }
      }
    }
    return out;
  }

  /** Global (cluster store) networks are {@code global}, the others {@code local}. */
  public synchronized String scope(NetworkRecord n) {
    return cluster != null && cluster.owns(n.id()) ? "global" : n.scope();
  }

  /** {@code network inspect}'s Peers of a global network: hosts with endpoints on it. */
  public synchronized List<Peer> peers(String networkId) {
    return cluster != null && cluster.owns(networkId) ? cluster.peers(networkId) : List.of();
  }

  /** A host of the cluster: its name and {@code --cluster-advertise} address. */
  public record Peer(String name, String ip) {}

  /** A Containers entry of network inspect. */
  public record NetworkContainer(String name, String endpointId, String mac, String ipv4,
      String ipv6) {}

  /**
   * {@code DELETE /networks/{id}}.
   *
   * @throws BerthException.PermissionDenied for a predefined network
   * @throws BerthException.Conflict while running containers are attached
   */
  public synchronized void remove(String ref) {
    NetworkRecord n = get(ref);
    if (n.predefined()) {
      throw new BerthException.PermissionDenied(n.name()
          + " is a pre-defined network and cannot be removed");
    }
    if (!containersOf(n.id()).isEmpty()) {
      throw BerthException.conflict("error while removing network: network " + n.name()
          + " id " + n.id() + " has active endpoints");
    }
    if (cluster != null && cluster.owns(n.id())) {
      cluster.remove(n);
      syncCluster();
      return;
    }
    catalog.remove(n, () -> firewall.apply(firewallState()));
    publishNames();
  }

  /** Removes every unused user network that {@code select} picks; their names. */
  public synchronized List<String> prune(java.util.function.Predicate<NetworkRecord> select) {
    List<String> out = new ArrayList<>();
    for (NetworkRecord n : List.copyOf(networks.values())) {
      // the swarm's ingress network goes only when asked by name, as moby's prune skips it
      if (!n.predefined() && !n.ingress() && containersOf(n.id()).isEmpty() && select.test(n)
          && (cluster == null || !cluster.owns(n.id()) || !cluster.inUse(n.id()))) {
        remove(n.id());
        out.add(n.name());
      }
    }
    return out;
  }

  /**
   * {@code POST /networks/{id}/connect}: adds the network to the container's settings, and
   * attaches it at once when the container runs.
   *
   * @return true when this gave the running container its embedded DNS (its resolv.conf must
   *     now name 127.0.0.11)
   */
  public synchronized boolean connect(String ref, String containerId, EndpointRequest settings) {
    NetworkRecord n = get(ref);
    ContainerNet c = containers.get(containerId);
    if (c == null) {
      throw BerthException.notFound("No such container: " + containerId);
    }
    SwarmNetworks.requireAttachable(n);
    if (c.mode().equals("host") || c.mode().equals("none") || c.mode().startsWith("container:")
        || !n.carriesEndpoints()) {
      throw BerthException.invalid("container cannot be disconnected from host network or"
          + " connected to host network");
    }
    if (c.networks().containsKey(n.id())) {
      throw new BerthException.PermissionDenied("endpoint with name " + c.name()
          + " already exists in network " + n.name());
    }
    ContainerNet.EndpointSettings es = EndpointPlans.settings(n, settings);
    Map<String, ContainerNet.EndpointSettings> nets = new LinkedHashMap<>(c.networks());
    nets.put(n.id(), es);
    ContainerNet updated = c.withNetworks(nets);
    if (c.netns() != null) {
      boolean newDns = c.dnsPorts().isEmpty() && n.carriesEndpoints() && !n.isDefaultBridge();
      List<Integer> dnsPorts = newDns ? EmbeddedDns.ports() : List.of();
      ContainerNet.Endpoint e = attach(c, Path.of(c.netns()), n, es,
          EndpointPlans.nextInterface(c.endpoints()), c.endpoints().isEmpty(), null, dnsPorts);
      List<ContainerNet.Endpoint> eps = new ArrayList<>(c.endpoints());
      eps.add(e);
      updated = updated.running(c.netns(), eps, c.ports());
      if (newDns) {
        updated = updated.withDnsPorts(dnsPorts);
        save(updated);
        resolvers.start(updated);
        return true;
      }
    }
    save(updated);
    return false;
  }

  /** {@code POST /networks/{id}/disconnect}. */
  public synchronized void disconnect(String ref, String containerId) {
    NetworkRecord n = get(ref);
    ContainerNet c = containers.get(containerId);
    if (c == null) {
      throw BerthException.notFound("No such container: " + containerId);
    }
    if (!c.networks().containsKey(n.id())) {
      throw BerthException.invalid("container " + containerId + " is not connected to network "
          + n.name());
    }
    Map<String, ContainerNet.EndpointSettings> nets = new LinkedHashMap<>(c.networks());
    nets.remove(n.id());
    List<ContainerNet.Endpoint> eps = new ArrayList<>();
    for (ContainerNet.Endpoint e : c.endpoints()) {
      if (e.networkId().equals(n.id())) {
        detach(e);
        releaseGlobal(e);
      } else {
        eps.add(e);
      }
    }
    ContainerNet updated = c.withNetworks(nets);
    if (c.netns() != null) {
      updated = updated.running(c.netns(), eps, c.ports());
    }
    save(updated);
    firewall.apply(firewallState());
  }

  // ---- containers -------------------------------------------------------------------------

  @Override
  public synchronized void plan(PlanRequest r) {
    String mode = r.mode() == null || r.mode().isEmpty() || r.mode().equals("default")
        ? "bridge" : r.mode();
    Map<String, EndpointRequest> eps = r.endpoints() == null ? Map.of() : r.endpoints();
    Map<String, ContainerNet.EndpointSettings> nets = new LinkedHashMap<>();
    if (mode.equals("host") || mode.equals("none") || mode.startsWith("container:")) {
      if (mode.startsWith("container:") && mode.length() == "container:".length()) {
        throw BerthException.invalid("invalid network mode: " + mode);
      }
      if (mode.startsWith("container:") && r.portBindings() != null
          && r.portBindings().values().stream().anyMatch(l -> l != null && !l.isEmpty())) {
        throw BerthException.invalid("conflicting options: port publishing and the container"
            + " type network mode");
      }
    } else {
      NetworkRecord primary = get(mode);
      SwarmNetworks.requireAttachable(primary);
      if (!primary.carriesEndpoints()) {
        throw BerthException.invalid("invalid network mode: " + mode);
      }
      nets.put(primary.id(),
          EndpointPlans.settings(primary, EndpointPlans.find(eps, primary)));
      for (Map.Entry<String, EndpointRequest> e : eps.entrySet()) {
        if (e.getKey().equals("default") || e.getKey().equals(r.mode())) {
          continue; // the CLI keys the primary network's entry by the mode as given
        }
        NetworkRecord n = get(e.getKey());
        if (!nets.containsKey(n.id())) {
          SwarmNetworks.requireAttachable(n);
          if (!n.carriesEndpoints()) {
            throw BerthException.invalid("container cannot be connected to network "
                + n.name() + " and to other networks");
          }
          nets.put(n.id(), EndpointPlans.settings(n, e.getValue()));
        }
      }
    }
    for (String key : EndpointPlans.nz(r.portBindings()).keySet()) {
      PortKey.parse(key);
    }
    if (r.autoRemove()) {
      ephemeral.add(r.containerId());
    }
    save(new ContainerNet(r.containerId(), EndpointPlans.strip(r.name()), mode, nets,
        r.portBindings(), r.publishAll(), r.exposedPorts(), r.macAddress(), null, List.of(),
        List.of(), r.dns(), null));
  }

  @Override
  public synchronized Attachment setUp(String containerId, String joinContainerId) {
    ContainerNet c = containers.get(containerId);
    if (c == null) {
      return new Attachment(null, false, null, null, null);
    }
    if (c.mode().equals("host")) {
      return new Attachment(null, true, null, null, defaultGateway());
    }
    if (c.mode().startsWith("container:")) {
      ContainerNet other = joinContainerId == null ? null : containers.get(joinContainerId);
      if (other != null && other.mode().equals("host")) {
        return new Attachment(null, true, null, null, defaultGateway());
      }
      if (other == null || other.netns() == null) {
        throw BerthException.conflict("cannot join network of a non running container: "
            + joinContainerId);
      }
      return new Attachment(Path.of(other.netns()), false,
          other.endpoints().isEmpty() ? null : other.endpoints().getFirst().ip(),
          nameservers(other), defaultGateway());
    }
    if (c.netns() != null) {
      tearDown(containerId); // left over from a crash between set-up and start
      c = containers.get(containerId);
    }
    Path ns = netns.create(containerId);
    List<ContainerNet.Endpoint> eps = new ArrayList<>();
    List<Integer> dnsPorts = needsResolver(c) ? EmbeddedDns.ports() : List.of();
    try {
      if (c.mode().equals("none")) {
        driver.loopbackOnly(ns);
      } else {
        int i = 0;
        for (Map.Entry<String, ContainerNet.EndpointSettings> e : c.networks().entrySet()) {
          NetworkRecord n = networks.get(e.getKey());
          if (n == null) {
            throw BerthException.notFound("network " + e.getKey() + " not found");
          }
          eps.add(attach(c, ns, n, e.getValue(), "eth" + i, i == 0,
              i == 0 ? c.macAddress() : null, i == 0 ? dnsPorts : List.of()));
          i++;
        }
      }
      // a container whose first network is internal publishes nothing (no external
      // connectivity there, as libnetwork's bridge driver), so its ports never answer
      List<ContainerNet.PortMapping> ports = eps.isEmpty()
          || networks.get(eps.getFirst().networkId()).internal() ? List.of() : ports(c);
      ContainerNet running = c.running(ns.toString(), eps, ports).withDnsPorts(dnsPorts);
      save(running);
      if (!dnsPorts.isEmpty()) {
        try {
          resolvers.start(running);
        } catch (RuntimeException e) {
          save(c);
          throw e;
        }
      }
      try {
        firewall.apply(firewallState());
      } catch (RuntimeException e) {
        save(c);
        throw e;
      }
      proxies.start(running);
      try {
        hostPorts.open(running);
      } catch (RuntimeException e) {
        proxies.close(containerId);
        save(c);
        firewall.apply(firewallState());
        throw e;
      }
      String gw = eps.isEmpty() ? defaultGateway()
          : networks.get(eps.getFirst().networkId()).gateway();
      return new Attachment(ns, false, eps.isEmpty() ? null : eps.getFirst().ip(),
          nameservers(running), gw);
    } catch (RuntimeException e) {
      resolvers.close(containerId);
      for (ContainerNet.Endpoint ep : eps) {
        detach(ep);
        releaseGlobal(ep);
      }
      netns.delete(containerId);
      throw e;
    }
  }

  private String defaultGateway() {
    return catalog.defaultGateway();
  }

  /** Nameservers for the container's resolv.conf: its embedded DNS, when it has one. */
  private static List<String> nameservers(ContainerNet c) {
    return c.dnsPorts().isEmpty() ? null : List.of(EmbeddedDns.ADDRESS);
  }

  /** A container on a user network gets an embedded DNS (the default bridge has none). */
  private boolean needsResolver(ContainerNet c) {
    return c.networks().keySet().stream().map(networks::get)
        .anyMatch(n -> n != null && n.carriesEndpoints() && !n.isDefaultBridge());
  }

  private ContainerNet.Endpoint attach(ContainerNet c, Path ns, NetworkRecord n,
      ContainerNet.EndpointSettings s, String ifName, boolean defaultRoute, String macAddress,
      List<Integer> dnsPorts) {
    if (cluster != null && cluster.owns(n.id())) {
      return attachGlobal(c, ns, n, s, ifName, defaultRoute, macAddress, dnsPorts);
    }
    Set<String> used = new HashSet<>();
    Set<String> used6 = new HashSet<>();
    List<ContainerNet.Endpoint> taken = new ArrayList<>(leaving.values());
    containers.values().forEach(other -> taken.addAll(other.endpoints()));
    for (ContainerNet.Endpoint e : taken) {
      if (e.networkId().equals(n.id())) {
        used.add(e.ip());
        if (e.ipv6() != null) {
          used6.add(e.ipv6());
        }
      }
    }
    if (!driver.exists(n.bridge())) {
      LOG.log(Level.WARNING, "bridge " + n.bridge() + " of network " + n.name()
          + " was deleted; making it again");
      catalog.ensureBridge(n);
      firewall.apply(firewallState());
    }
    String ip = Ipam.allocate(n.ipv4Pool(), used, s.ipv4Address());
    IpamPool v6 = n.enableIpv6() ? n.ipv6Pool() : null;
    String ip6 = v6 == null ? null : Ipam.allocate6(v6, used6, s.ipv6Address());
    String mac = macAddress == null || macAddress.isEmpty() ? Ipam.mac(ip) : macAddress;
    String veth = "veth" + Ids.random().substring(0, 7);
    List<String> extra = new ArrayList<>();
    if (ip6 != null) {
      extra.add(ip6 + "/" + Cidr6.parse(v6.subnet()).prefix());
    }
    for (String l : s.linkLocalIps()) {
      extra.add(l.contains(":") ? l + "/64" : l + "/16");
    }
    boolean route = defaultRoute && !n.internal();
    driver.attach(ns, new LinkDriver.Veth(n.bridge(), veth, ifName, ip + "/" + n.prefixLen(),
        route ? n.gateway() : null, mac, extra,
        route && ip6 != null && v6.gateway() != null ? v6.gateway() : null,
        dnsPorts.isEmpty() ? null : EmbeddedDns.redirect(dnsPorts.get(0), dnsPorts.get(1))));
    return new ContainerNet.Endpoint(n.id(), Ids.random(), ip, mac, veth, ifName, ip6);
  }

  /**
   * An endpoint on a global network: the address reserved and published in the cluster store,
   * the veth on the network's overlay bridge (made again with its VXLAN device when missing),
   * with the overlay's lower MTU. A failure takes the reservation back.
   */
  private ContainerNet.Endpoint attachGlobal(ContainerNet c, Path ns, NetworkRecord n,
      ContainerNet.EndpointSettings s, String ifName, boolean defaultRoute, String macAddress,
      List<Integer> dnsPorts) {
    if (!cluster.present(n)) {
      cluster.ensure(n);
      firewall.apply(firewallState());
    }
    String endpointId = Ids.random();
    ClusterEndpoint e = cluster.allocate(n, c, s, endpointId, s.ipv4Address(), macAddress);
    String veth = "veth" + Ids.random().substring(0, 7);
    boolean route = defaultRoute && !n.internal();
    try {
      cluster.attach(n, ns, new LinkDriver.Veth(n.bridge(), veth, ifName, e.ip() + "/"
          + n.prefixLen(), route ? n.gateway() : null, e.mac(), List.of(), null,
          dnsPorts.isEmpty() ? null : EmbeddedDns.redirect(dnsPorts.get(0), dnsPorts.get(1))));
    } catch (RuntimeException ex) {
      cluster.release(n.id(), e.ip());
      throw ex;
    }
    return new ContainerNet.Endpoint(n.id(), endpointId, e.ip(), e.mac(), veth, ifName, null);
  }

  /**
   * Removes an endpoint's veth: on a global network from the network's namespace, where its
   * host end is (ADR 0144), otherwise from the daemon's.
   */
  private void detach(ContainerNet.Endpoint e) {
    if (cluster != null && cluster.owns(e.networkId())) {
      cluster.detach(e.networkId(), e.hostVeth());
    } else {
      driver.detach(e.hostVeth());
    }
  }

  /** Takes a container's endpoint on a global network off the cluster store. */
  private void releaseGlobal(ContainerNet.Endpoint e) {
    if (cluster != null && cluster.owns(e.networkId())) {
      cluster.release(e.networkId(), e.ip());
    }
  }

  private List<ContainerNet.PortMapping> ports(ContainerNet c) {
    return PortAllocator.resolve(c, containers.values());
  }

  @Override
  public synchronized void tearDown(String containerId) {
    ContainerNet c = containers.get(containerId);
    if (c == null || c.mode().equals("host") || c.mode().startsWith("container:")) {
      return;
    }
    io.berth.common.Phases t = io.berth.common.Phases.start("network-teardown "
        + containerId.substring(0, Math.min(12, containerId.length())));
    resolvers.close(containerId);
    proxies.close(containerId);
    hostPorts.close(containerId);
    c.endpoints().forEach(this::releaseGlobal);
    t.mark("dns+proxies+ports");
    // a global network's veth has its host end in that network's namespace: removed there at
    // once, not left to the kernel's later destruction of the container's namespace (its
    // address is back in the cluster store already); a local one's goes off the caller's
    // path, its address taken until it is gone (ADR 0141)
    List<String> later = new ArrayList<>();
    for (ContainerNet.Endpoint e : c.endpoints()) {
      if (cluster != null && cluster.owns(e.networkId())) {
        detach(e);
      } else {
        later.add(e.hostVeth());
        leaving.put(e.hostVeth(), e);
      }
    }
    netns.deleteWithLinks(containerId, List.of());
    if (!later.isEmpty()) {
      reaper.delete(later);
    }
    t.mark("links+netns");
    if (c.running()) {
      if (ephemeral.contains(containerId)) {
        // an AutoRemove container's record is deleted right after (forget); a crash before
        // leaves it "running", which start-up treats as any record of a container that is gone
        containers.put(containerId, c.stopped());
        publishNames();
      } else {
        save(c.stopped());
      }
      t.mark("record");
      firewall.apply(firewallState());
      t.mark("firewall");
    }
    t.done();
  }

  @Override
  public synchronized void forget(String containerId) {
    tearDown(containerId);
    containers.remove(containerId);
    ephemeral.remove(containerId);
    store.deleteContainer(containerId);
    publishNames();
  }

  @Override
  public synchronized void rename(String containerId, String name) {
    ContainerNet c = containers.get(containerId);
    if (c != null) {
      save(c.withName(EndpointPlans.strip(name)));
    }
  }

  @Override
  public synchronized Set<String> adopt(Set<String> running) {
    Set<String> upgraded = new HashSet<>();
    for (ContainerNet c : List.copyOf(containers.values())) {
      if (c.running() && running.contains(c.containerId())) {
        proxies.start(c);
        republishGlobal(c);
      }
      if (c.running() && !running.contains(c.containerId())) {
        try {
          tearDown(c.containerId());
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "tear down network of " + c.containerId(), e);
        }
      } else if (c.running() && c.dnsPorts().size() == 2 && c.netns() != null) {
        try {
          resolvers.start(c);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "restart the embedded DNS of " + c.containerId(), e);
        }
      } else if (c.running() && c.netns() != null && c.dnsPorts().isEmpty()
          && needsResolver(c)) {
        // started by a berth whose DNS answered on the gateway (ADR 106): give it 127.0.0.11
        List<Integer> ports = EmbeddedDns.ports();
        try {
          driver.nftInNamespace(Path.of(c.netns()), EmbeddedDns.redirect(ports.get(0),
              ports.get(1)));
          ContainerNet up = c.withDnsPorts(ports);
          resolvers.start(up);
          save(up);
          upgraded.add(c.containerId());
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "give " + c.containerId() + " the embedded DNS", e);
        }
      }
    }
    return upgraded;
  }

  /** Publishes a running container's endpoints on global networks again (live restore). */
  private void republishGlobal(ContainerNet c) {
    for (ContainerNet.Endpoint e : c.endpoints()) {
      if (cluster != null && cluster.owns(e.networkId())) {
        try {
          cluster.republish(c, e);
        } catch (RuntimeException ex) {
          LOG.log(Level.WARNING, "publish the endpoint of " + c.name() + " on "
              + e.networkId() + " again", ex);
        }
      }
    }
  }

  /**
   * Made in the container's namespace ({@link Namespaces#tcpSocket}), then connected from here
   * (no lock held meanwhile: a connect may take the whole timeout).
   */
  @Override
  public java.nio.channels.SocketChannel connect(String containerId, int port)
      throws java.io.IOException {
    ContainerNet c;
    synchronized (this) {
      c = containers.get(containerId);
    }
    java.nio.channels.SocketChannel ch;
    if (c != null && c.mode().equals("host")) {
      ch = java.nio.channels.SocketChannel.open();
    } else if (c == null || c.netns() == null) {
      throw BerthException.conflict("container " + containerId + " has no network namespace");
    } else {
      ch = netns.tcpSocket(Path.of(c.netns()));
    }
    try {
      ch.socket().connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
          port), CONNECT_TIMEOUT_MILLIS);
      return ch;
    } catch (java.io.IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public synchronized Optional<ContainerNetworkView> view(String containerId) {
    ContainerNet c = containers.get(containerId);
    return c == null ? Optional.empty() : Optional.of(ContainerViews.of(c, networks));
  }

  // ---- internals --------------------------------------------------------------------------

  private void save(ContainerNet c) {
    store.save(c, !ephemeral.contains(c.containerId()));
    containers.put(c.containerId(), c);
    publishNames();
  }

  /** Replaces the snapshot that DNS lookups read. */
  private void publishNames() {
    if (cluster == null) {
      resolvers.publish(networks, containers.values());
      return;
    }
    List<ContainerNet> all = new ArrayList<>(containers.values());
    all.addAll(cluster.remoteContainers());
    resolvers.publish(networks, all);
  }

  FirewallState firewallState() {
    return FirewallState.of(options.table(), networks.values(), containers.values(),
        hostPorts.dnatByHostAddress());
  }


}
