package io.berth.api.server.routes;

import io.berth.api.model.InfoResponse;
import io.berth.network.swarm.SwarmState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** berth's single-node swarm in dockerd's words: {@code GET /swarm} and {@code /info}'s Swarm. */
public final class SwarmWire {
  private SwarmWire() {}

  /** {@code /info}'s Swarm: inactive, or this node as the swarm's one manager. */
  public static InfoResponse.Swarm info(Optional<SwarmState> swarm) {
    if (swarm.isEmpty()) {
      return InfoResponse.Swarm.inactive();
    }
    SwarmState s = swarm.get();
    Map<String, Object> manager = new LinkedHashMap<>();
    manager.put("NodeID", s.nodeId());
    manager.put("Addr", address(s));
    return new InfoResponse.Swarm(s.nodeId(), s.advertiseAddr(), "active", true, "",
        List.of(manager), 1, 1, cluster(s));
  }

  /** {@code GET /swarm} (with the join tokens). */
  static Map<String, Object> swarm(SwarmState s) {
    Map<String, Object> m = cluster(s);
    Map<String, Object> tokens = new LinkedHashMap<>();
    tokens.put("Worker", s.workerToken());
    tokens.put("Manager", s.managerToken());
    m.put("JoinTokens", tokens);
    return m;
  }

  /** ClusterInfo: the id, times, spec, default address pools and data path port. */
  static Map<String, Object> cluster(SwarmState s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", s.clusterId());
    m.put("Version", Map.of("Index", 1));
    m.put("CreatedAt", s.createdAt());
    m.put("UpdatedAt", s.updatedAt());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("Name", s.specName());
    spec.put("Labels", s.specLabels());
    spec.put("Orchestration", Map.of("TaskHistoryRetentionLimit", 5));
    Map<String, Object> raft = new LinkedHashMap<>();
    raft.put("SnapshotInterval", 10000);
    raft.put("KeepOldSnapshots", 0);
    raft.put("LogEntriesForSlowFollowers", 500);
    raft.put("ElectionTick", 10);
    raft.put("HeartbeatTick", 1);
    spec.put("Raft", raft);
    spec.put("Dispatcher", Map.of("HeartbeatPeriod", 5_000_000_000L));
    spec.put("CAConfig", Map.of("NodeCertExpiry", 7_776_000_000_000_000L));
    spec.put("TaskDefaults", Map.of());
    spec.put("EncryptionConfig", Map.of("AutoLockManagers", false));
    m.put("Spec", spec);
    m.put("TLSInfo", Map.of());
    m.put("RootRotationInProgress", false);
    m.put("DefaultAddrPool", s.defaultAddrPool());
    m.put("SubnetSize", s.subnetSize());
    m.put("DataPathPort", s.dataPathPort());
    return m;
  }

  /** The one node: this host, the swarm's leader, ready. */
  static Map<String, Object> node(SwarmState s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", s.nodeId());
    m.put("Version", Map.of("Index", 1));
    m.put("CreatedAt", s.createdAt());
    m.put("UpdatedAt", s.updatedAt());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("Labels", Map.of());
    spec.put("Role", "manager");
    spec.put("Availability", "active");
    m.put("Spec", spec);
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("Hostname", hostname());
    description.put("Platform", Map.of("Architecture", System.getProperty("os.arch")
        .replace("amd64", "x86_64"), "OS", "linux"));
    description.put("Resources", Map.of("NanoCPUs",
        Runtime.getRuntime().availableProcessors() * 1_000_000_000L, "MemoryBytes", 0));
    description.put("Engine", Map.of("EngineVersion",
        io.berth.api.model.BuildInfo.current().version()));
    description.put("TLSInfo", Map.of());
    m.put("Description", description);
    m.put("Status", Map.of("State", "ready", "Addr", s.advertiseAddr()));
    Map<String, Object> manager = new LinkedHashMap<>();
    manager.put("Leader", true);
    manager.put("Reachability", "reachable");
    manager.put("Addr", address(s));
    m.put("ManagerStatus", manager);
    return m;
  }

  /** Whether {@code ref} names the one node: its id or a prefix, its hostname, or "self". */
  static boolean names(SwarmState s, String ref) {
    return !ref.isEmpty() && (s.nodeId().startsWith(ref) || ref.equals("self")
        || ref.equals(hostname()));
  }

  private static String hostname() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname"))
          .strip();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static String address(SwarmState s) {
    String a = s.advertiseAddr();
    return (a.contains(":") ? "[" + a + "]" : a) + ":" + s.port();
  }
}
