package io.berth.network.swarm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.network.AddressPools;
import io.berth.network.CreateNetwork;
import io.berth.network.NetworkRecord;
import io.berth.network.NetworkService;
import io.berth.network.SwarmNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * berth's single-node swarm: {@code swarm init} makes this node the swarm's one manager and its
 * {@code ingress} network, {@code swarm leave --force} ends it and removes every swarm network.
 * The state is kept in {@code <root>/swarm/state.json}, so a restarted berthd is still in the
 * swarm. No raft, no listening port, no other node: only what networks need (ADR 0115); the
 * service, node, task, secret and config endpoints stay as dockerd's without swarm.
 */
public final class SwarmService implements SwarmNetworks.Membership {
  private static final Logger LOG = Logger.getLogger(SwarmService.class.getName());
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String ALREADY_IN_A_SWARM = "This node is already part of a swarm. Use \"docker"
      + " swarm leave\" to leave this swarm and join another one.";
  static final String NOT_IN_A_SWARM = "This node is not part of a swarm";
  static final String LAST_MANAGER = "You are attempting to leave the swarm on a node that is"
      + " participating as a manager. Removing the last manager erases all current state of"
      + " the swarm. Use `--force` to ignore this message. ";
  static final int DEFAULT_PORT = 2377;

  private final Path file;
  private final NetworkService networks;
  private volatile SwarmState state;

  /**
   * Loads the swarm of the root, if any, and gives the network service this membership. Swarm
   * networks left without a swarm (a crash inside {@code leave}) are removed.
   */
  public SwarmService(Path root, NetworkService networks) {
    this.file = root.resolve("swarm").resolve("state.json");
    this.networks = networks;
    this.state = load(file);
    networks.setSwarm(this);
    if (state == null) {
      List<NetworkRecord> left = networks.removeSwarmNetworks();
      if (!left.isEmpty()) {
        LOG.log(Level.WARNING, "removed " + left.size() + " swarm networks left without a"
            + " swarm");
      }
    }
  }

  @Override
  public boolean active() {
    return state != null;
  }

  @Override
  public List<AddressPools.Pool> addressPools() {
    SwarmState s = state;
    return s == null ? List.of() : SwarmNetworks.pools(s.defaultAddrPool(), s.subnetSize());
  }

  /** The swarm, while this node is in one. */
  public Optional<SwarmState> state() {
    return Optional.ofNullable(state);
  }

  /**
   * {@code POST /swarm/init}: a new single-node swarm with its {@code ingress} network.
   *
   * @return the node's id, which dockerd answers
   * @throws BerthException.Unavailable 503 when the node is in a swarm already
   */
  public synchronized String init(SwarmInit req) {
    if (state != null) {
      throw new BerthException.Unavailable(ALREADY_IN_A_SWARM, null);
    }
    List<AddressPools.Pool> pools = SwarmNetworks.pools(req.defaultAddrPool(), req.subnetSize());
    String listen = req.listenAddr().isEmpty() ? "0.0.0.0:" + DEFAULT_PORT : req.listenAddr();
    int port = port(listen, DEFAULT_PORT);
    String listenHost = host(listen);
    String advertise = req.advertiseAddr().isEmpty()
        ? (listenHost.isEmpty() || listenHost.equals("0.0.0.0") ? "127.0.0.1" : listenHost)
        : host(req.advertiseAddr());
    if (!req.advertiseAddr().isEmpty() && req.advertiseAddr().contains(":")
        && !req.advertiseAddr().startsWith("[")) {
      port = port(req.advertiseAddr(), port);
    }
    String now = Instant.now().toString();
    SwarmState s = new SwarmState(SwarmNetworks.swarmId(), SwarmNetworks.swarmId(), now, now,
        listen, advertise, port, req.dataPathAddr(),
        req.dataPathPort() == 0 ? 4789 : req.dataPathPort(),
        pools.stream().map(AddressPools.Pool::base).toList(), pools.getFirst().size(),
        req.specName(), req.specLabels(), token(), token());
    state = s;
    NetworkRecord ingress = null;
    try {
      ingress = networks.create(new CreateNetwork("ingress", "overlay", null, List.of(), false,
          false, true, false, NetworkRecord.SWARM, null, true, Map.of(), Map.of())).network();
      AtomicFiles.write(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(s));
    } catch (IOException | RuntimeException e) {
      state = null;
      if (ingress != null) {
        networks.removeSwarmNetworks();
      }
      throw e instanceof BerthException b ? b
          : BerthException.internal("swarm init: " + Messages.of(e), e);
    }
    LOG.log(Level.INFO, "this node is now the manager of single-node swarm " + s.clusterId());
    return s.nodeId();
  }

  /**
   * {@code POST /swarm/leave}: without {@code force} refused (the one manager's state would be
   * lost), as dockerd refuses it; with it, every swarm network goes.
   */
  public synchronized void leave(boolean force) {
    if (state == null) {
      throw new BerthException.Unavailable(NOT_IN_A_SWARM, null);
    }
    if (!force) {
      throw new BerthException.Unavailable(LAST_MANAGER, null);
    }
    networks.removeSwarmNetworks();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw BerthException.internal("swarm leave: " + Messages.of(e), e);
    }
    state = null;
    LOG.log(Level.INFO, "this node left its swarm");
  }

  /** {@code host} of {@code host:port}, {@code [v6]:port}, or an address alone. */
  static String host(String addr) {
    if (addr.startsWith("[")) {
      int end = addr.indexOf(']');
      return end < 0 ? addr : addr.substring(1, end);
    }
    int colon = addr.lastIndexOf(':');
    return colon < 0 || addr.indexOf(':') != colon ? addr : addr.substring(0, colon);
  }

  /** The port of {@code host:port}; 400 for one that is not a port number. */
  static int port(String addr, int otherwise) {
    int colon = addr.lastIndexOf(':');
    if (colon < 0 || (addr.indexOf(':') != colon && !addr.startsWith("["))) {
      return otherwise;
    }
    String p = addr.substring(colon + 1);
    try {
      int n = Integer.parseInt(p);
      if (n < 1 || n > 65535) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid listen address " + addr + ": invalid port " + p);
    }
  }

  /** A join token as swarmkit shows one; nothing accepts it here (no other node may join). */
  private static String token() {
    StringBuilder b = new StringBuilder("SWMTKN-1-");
    String digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < 50; i++) {
      b.append(digits.charAt(RANDOM.nextInt(digits.length())));
    }
    b.append('-');
    for (int i = 0; i < 25; i++) {
      b.append(digits.charAt(RANDOM.nextInt(digits.length())));
    }
    return b.toString();
  }

  private static SwarmState load(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return MAPPER.readValue(file.toFile(), SwarmState.class);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + Messages.of(e), e);
    }
  }
}
