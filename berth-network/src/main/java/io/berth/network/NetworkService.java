package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Ids;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Networks and containers' attachments to them. Owns the state under {@code <root>/network},
 * the bridges, the nftables table and the embedded DNS servers; {@link #start} brings all of
 * them back after a daemon restart (a missing bridge is made again, the table is rewritten, so
 * a flushed table is repaired). One lock guards everything: the work under it is a few
 * {@code ip} and {@code nft} calls.
 */
public final class NetworkService implements ContainerNetworking {
  private static final Logger LOG = Logger.getLogger(NetworkService.class.getName());

  private final NetworkOptions options;
  private final NetworkStore store;
  private final Netns netns;
  private final BridgeDriver driver;
  private final NftablesFirewall firewall = new NftablesFirewall();
  private final AddressPools pools;
  private final Map<String, NetworkRecord> networks = new LinkedHashMap<>();
  private final Map<String, ContainerNet> containers = new HashMap<>();
  private final Map<String, DnsServer> resolvers = new java.util.concurrent.ConcurrentHashMap<>();
  private final ResolverSockets sockets;
  private volatile List<InetSocketAddress> upstreams = List.of();
  /** What DNS lookups read, without the lock; replaced after every change. */
  private volatile DnsNames.Snapshot snapshot = DnsNames.Snapshot.EMPTY;

  public NetworkService(NetworkOptions options, ResolverSockets sockets) {
    this.options = options;
    this.sockets = sockets;
    this.store = new NetworkStore(options.root());
    this.netns = new Netns(options.execRoot());
    this.driver = new BridgeDriver(netns, options.mtu() <= 0 ? 1500 : options.mtu());
    this.pools = new AddressPools(options.pools());
  }

  /** Loads the state, makes the predefined networks, bridges, firewall table and DNS servers. */
  public synchronized void start() {
    upstreams = Upstreams.read(options.hostResolvConf(),
        Path.of("/run/systemd/resolve/resolv.conf"));
    store.loadNetworks().forEach(n -> networks.put(n.id(), n));
    store.loadContainers().forEach(c -> containers.put(c.containerId(), c));
    predefined("host", "host");
    predefined("none", "null");
    defaultBridge();
    for (NetworkRecord n : networks.values()) {
      if (n.isBridge()) {
        ensureBridge(n);
        enableForwarding(n);
      }
    }
    firewall.apply(firewallState());
    publishNames();
  }

  /** Re-applies the table when another tool flushed or deleted it. */
  public synchronized void repairFirewall() {
    firewall.repair(firewallState());
  }

  /** Stops the DNS servers (bridges, namespaces and rules stay for the next daemon). */
  public synchronized void close() {
    resolvers.values().forEach(DnsServer::close);
    resolvers.clear();
  }

  // ---- networks -------------------------------------------------------------------------

  /**
   * {@code POST /networks/create}: checks the request as dockerd does ({@link NetworkCreation}),
   * makes the bridge, then records the network. A failure leaves no bridge and no record.
   *
   * @return the network and Docker's Warning ("" or the duplicate name's)
   */
  public synchronized NetworkCreation.Planned create(CreateNetwork req) {
    NetworkCreation.Planned planned = NetworkCreation.plan(req, networks.values(), pools,
        req.pools().stream().anyMatch(p -> !p.ipv6()) ? List.of() : AddressPools.hostRoutes());
    NetworkRecord n = planned.network();
    if (BridgeDriver.linkExists(n.bridge())) {
      throw BerthException.conflict("bridge " + n.bridge() + " already exists on the host and"
          + " is not one of this daemon's networks");
    }
    ensureBridge(n);
    try {
      store.save(n);
      networks.put(n.id(), n);
      enableForwarding(n);
      firewall.apply(firewallState());
      publishNames();
    } catch (RuntimeException e) {
      networks.remove(n.id());
      store.deleteNetwork(n.id());
      driver.deleteBridge(n.bridge());
      throw e;
    }
    return planned;
  }

  private void ensureBridge(NetworkRecord n) {
    IpamPool v6 = n.enableIpv6() ? n.ipv6Pool() : null;
    driver.ensureBridge(n.bridge(), n.gateway() + "/" + n.prefixLen(),
        v6 == null || v6.gateway() == null ? null
            : v6.gateway() + "/" + Cidr6.parse(v6.subnet()).prefix());
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
    networks.remove(n.id());
    store.deleteNetwork(n.id());
    firewall.apply(firewallState());
    driver.deleteBridge(n.bridge());
  }

  /** Removes every unused user network that {@code select} picks; their names. */
  public synchronized List<String> prune(java.util.function.Predicate<NetworkRecord> select) {
    List<String> out = new ArrayList<>();
    for (NetworkRecord n : List.copyOf(networks.values())) {
      if (!n.predefined() && containersOf(n.id()).isEmpty() && select.test(n)) {
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
    if (c.mode().equals("host") || c.mode().equals("none") || c.mode().startsWith("container:")
        || !n.isBridge()) {
      throw BerthException.invalid("container cannot be disconnected from host network or"
          + " connected to host network");
    }
    if (c.networks().containsKey(n.id())) {
      throw new BerthException.PermissionDenied("endpoint with name " + c.name()
          + " already exists in network " + n.name());
    }
    ContainerNet.EndpointSettings es = settings(n, settings);
    Map<String, ContainerNet.EndpointSettings> nets = new LinkedHashMap<>(c.networks());
    nets.put(n.id(), es);
    ContainerNet updated = c.withNetworks(nets);
    if (c.netns() != null) {
      boolean newDns = c.dnsPorts().isEmpty() && n.isBridge() && !n.isDefaultBridge();
      List<Integer> dnsPorts = newDns ? EmbeddedDns.ports() : List.of();
      ContainerNet.Endpoint e = attach(Path.of(c.netns()), n, es,
          nextInterface(c.endpoints()), c.endpoints().isEmpty(), null, dnsPorts);
      List<ContainerNet.Endpoint> eps = new ArrayList<>(c.endpoints());
      eps.add(e);
      updated = updated.running(c.netns(), eps, c.ports());
      if (newDns) {
        updated = updated.withDnsPorts(dnsPorts);
        save(updated);
        startResolver(updated);
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
        driver.detach(e.hostVeth());
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
      if (!primary.isBridge()) {
        throw BerthException.invalid("invalid network mode: " + mode);
      }
      nets.put(primary.id(), settings(primary, find(eps, primary)));
      for (Map.Entry<String, EndpointRequest> e : eps.entrySet()) {
        if (e.getKey().equals("default") || e.getKey().equals(r.mode())) {
          continue; // the CLI keys the primary network's entry by the mode as given
        }
        NetworkRecord n = get(e.getKey());
        if (!nets.containsKey(n.id())) {
          if (!n.isBridge()) {
            throw BerthException.invalid("container cannot be connected to network "
                + n.name() + " and to other networks");
          }
          nets.put(n.id(), settings(n, e.getValue()));
        }
      }
    }
    for (Map.Entry<String, List<Map<String, String>>> e : nz(r.portBindings()).entrySet()) {
      PortKey.parse(e.getKey());
    }
    save(new ContainerNet(r.containerId(), strip(r.name()), mode, nets, r.portBindings(),
        r.publishAll(), r.exposedPorts(), r.macAddress(), null, List.of(), List.of(), r.dns(),
        null));
  }

  private static EndpointRequest find(Map<String, EndpointRequest> eps, NetworkRecord n) {
    for (Map.Entry<String, EndpointRequest> e : eps.entrySet()) {
      if (e.getKey().equals(n.name()) || e.getKey().equals(n.id())
          || (n.isDefaultBridge() && e.getKey().equals("default"))) {
        return e.getValue();
      }
    }
    return null;
  }

  private static ContainerNet.EndpointSettings settings(NetworkRecord n, EndpointRequest req) {
    if (req == null) {
      return new ContainerNet.EndpointSettings(List.of(), null);
    }
    List<String> aliases = req.aliases() == null ? List.of() : req.aliases();
    if (!aliases.isEmpty() && n.isDefaultBridge()) {
      throw BerthException.invalid("network-scoped alias is supported only for containers in"
          + " user defined networks");
    }
    String ip = empty(req.ipv4Address()) ? null : req.ipv4Address();
    String ip6 = empty(req.ipv6Address()) ? null : req.ipv6Address();
    if (ip != null) {
      Cidr.parseAddress(ip);
    }
    if (ip6 != null) {
      Cidr6.parseAddress(ip6);
    }
    if ((ip != null || ip6 != null) && n.isDefaultBridge()) {
      throw BerthException.invalid("user specified IP address is supported on user defined"
          + " networks only");
    }
    List<String> linkLocal = req.linkLocalIps() == null ? List.of() : req.linkLocalIps();
    for (String l : linkLocal) {
      if (l.contains(":")) {
        Cidr6.parseAddress(l);
      } else {
        Cidr.parseAddress(l);
      }
    }
    List<String> links = new ArrayList<>();
    for (String l : req.links() == null ? List.<String>of() : req.links()) {
      links.add(Links.parse(l).toString());
    }
    return new ContainerNet.EndpointSettings(aliases, ip, ip6, linkLocal, links,
        req.driverOpts());
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
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
          eps.add(attach(ns, n, e.getValue(), "eth" + i, i == 0,
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
          startResolver(running);
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
      String gw = eps.isEmpty() ? defaultGateway()
          : networks.get(eps.getFirst().networkId()).gateway();
      return new Attachment(ns, false, eps.isEmpty() ? null : eps.getFirst().ip(),
          nameservers(running), gw);
    } catch (RuntimeException e) {
      closeResolver(containerId);
      for (ContainerNet.Endpoint ep : eps) {
        driver.detach(ep.hostVeth());
      }
      netns.delete(containerId);
      throw e;
    }
  }

  /** The default bridge's gateway (Docker's host-gateway), or null without one. */
  private String defaultGateway() {
    return networks.values().stream().filter(NetworkRecord::isDefaultBridge)
        .map(NetworkRecord::gateway).findFirst().orElse(null);
  }

  /** Nameservers for the container's resolv.conf: its embedded DNS, when it has one. */
  private static List<String> nameservers(ContainerNet c) {
    return c.dnsPorts().isEmpty() ? null : List.of(EmbeddedDns.ADDRESS);
  }

  /** A container on a user network gets an embedded DNS (the default bridge has none). */
  private boolean needsResolver(ContainerNet c) {
    return c.networks().keySet().stream().map(networks::get)
        .anyMatch(n -> n != null && n.isBridge() && !n.isDefaultBridge());
  }

  /** Binds the container's DNS sockets in its namespace and serves them. */
  private void startResolver(ContainerNet c) {
    closeResolver(c.containerId());
    ResolverSockets.Bound b;
    try {
      b = sockets.open(Path.of(c.netns()), c.dnsPorts().get(0), c.dnsPorts().get(1));
    } catch (java.io.IOException e) {
      throw BerthException.internal("start the embedded DNS of " + c.containerId() + ": "
          + e.getMessage(), e);
    }
    List<InetSocketAddress> own = EmbeddedDns.upstreams(c.dns());
    String id = c.containerId();
    resolvers.put(id, DnsServer.serve(b.udp(), b.tcp(), new DnsNames(() -> snapshot, id),
        () -> own.isEmpty() ? upstreams : own, id.substring(0, 12)));
  }

  private void closeResolver(String containerId) {
    DnsServer d = resolvers.remove(containerId);
    if (d != null) {
      d.close();
    }
  }

  private ContainerNet.Endpoint attach(Path ns, NetworkRecord n, ContainerNet.EndpointSettings s,
      String ifName, boolean defaultRoute, String macAddress, List<Integer> dnsPorts) {
    Set<String> used = new HashSet<>();
    Set<String> used6 = new HashSet<>();
    for (ContainerNet other : containers.values()) {
      for (ContainerNet.Endpoint e : other.endpoints()) {
        if (e.networkId().equals(n.id())) {
          used.add(e.ip());
          if (e.ipv6() != null) {
            used6.add(e.ipv6());
          }
        }
      }
    }
    if (!BridgeDriver.linkExists(n.bridge())) {
      LOG.log(Level.WARNING, "bridge " + n.bridge() + " of network " + n.name()
          + " was deleted; making it again");
      ensureBridge(n);
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
    driver.attach(ns, new BridgeDriver.Link(n.bridge(), veth, ifName, ip + "/" + n.prefixLen(),
        route ? n.gateway() : null, mac, extra,
        route && ip6 != null && v6.gateway() != null ? v6.gateway() : null,
        dnsPorts.isEmpty() ? null : EmbeddedDns.redirect(dnsPorts.get(0), dnsPorts.get(1))));
    return new ContainerNet.Endpoint(n.id(), Ids.random(), ip, mac, veth, ifName, ip6);
  }

  /** The lowest {@code ethN} that none of the endpoints uses. */
  private static String nextInterface(List<ContainerNet.Endpoint> eps) {
    for (int i = 0; ; i++) {
      String name = "eth" + i;
      if (eps.stream().noneMatch(e -> name.equals(e.ifName()))) {
        return name;
      }
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
    closeResolver(containerId);
    netns.deleteWithLinks(containerId, c.endpoints().stream()
        .map(ContainerNet.Endpoint::hostVeth).toList());
    if (c.running()) {
      save(c.stopped());
      firewall.apply(firewallState());
    }
  }

  @Override
  public synchronized void forget(String containerId) {
    tearDown(containerId);
    containers.remove(containerId);
    store.deleteContainer(containerId);
    publishNames();
  }

  @Override
  public synchronized void rename(String containerId, String name) {
    ContainerNet c = containers.get(containerId);
    if (c != null) {
      save(c.withName(strip(name)));
    }
  }

  @Override
  public synchronized void adopt(Set<String> running) {
    for (ContainerNet c : List.copyOf(containers.values())) {
      if (c.running() && !running.contains(c.containerId())) {
        try {
          tearDown(c.containerId());
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "tear down network of " + c.containerId(), e);
        }
      } else if (c.running() && c.dnsPorts().size() == 2 && c.netns() != null) {
        try {
          startResolver(c);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "restart the embedded DNS of " + c.containerId(), e);
        }
      }
    }
  }

  @Override
  public synchronized Optional<ContainerNetworkView> view(String containerId) {
    ContainerNet c = containers.get(containerId);
    return c == null ? Optional.empty() : Optional.of(ContainerViews.of(c, networks));
  }

  // ---- internals --------------------------------------------------------------------------

  private void save(ContainerNet c) {
    store.save(c);
    containers.put(c.containerId(), c);
    publishNames();
  }

  /** Replaces the snapshot that DNS lookups read. */
  private void publishNames() {
    snapshot = new DnsNames.Snapshot(Map.copyOf(networks), List.copyOf(containers.values()));
  }

  private List<NetworkRecord> findByName(String name) {
    return networks.values().stream().filter(n -> n.name().equals(name)).toList();
  }

  private List<String> takenSubnets() {
    List<String> taken = new ArrayList<>(AddressPools.hostRoutes());
    networks.values().stream().map(NetworkRecord::subnet).filter(s -> s != null)
        .forEach(taken::add);
    return taken;
  }

  private void predefined(String name, String driverName) {
    if (findByName(name).isEmpty()) {
      NetworkRecord n = new NetworkRecord(Ids.random(), name, driverName, null, null, null,
          false, false, false, Map.of(), Map.of(), Instant.now().toString(), true, null);
      store.save(n);
      networks.put(n.id(), n);
    }
  }

  /** The {@code bridge} network on {@code --bridge} with {@code --bip} (or a free subnet). */
  private void defaultBridge() {
    NetworkRecord old = findByName("bridge").stream().findFirst().orElse(null);
    List<String> taken = new ArrayList<>(AddressPools.hostRoutes());
    networks.values().stream().filter(n -> n != old).map(NetworkRecord::subnet)
        .filter(s -> s != null).forEach(taken::add);
    List<String> onBridge = options.bridge() != null && !options.bridge().equals("none")
        && BridgeDriver.linkExists(options.bridge())
        ? BridgeDriver.ipv4Addresses(options.bridge()) : List.of();
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

  FirewallState firewallState() {
    return FirewallState.of(options.table(), networks.values(), containers.values());
  }

  private static Map<String, List<Map<String, String>>> nz(
      Map<String, List<Map<String, String>>> m) {
    return m == null ? Map.of() : m;
  }

  private static String strip(String name) {
    return name != null && name.startsWith("/") ? name.substring(1) : name;
  }
}
