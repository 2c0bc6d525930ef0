package io.berth.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** berthd's options from its flags; flags and daemon.json may not set the same option. */
final class BerthdCommand {
  List<String> hosts;
  Path root;
  Path dataRoot;
  Path execRoot;
  Path configFile;
  Path pidfile;
  String logLevel;
  boolean debug;
  String group;
  Boolean tlsVerify;
  Path tlsCa;
  Path tlsCert;
  Path tlsKey;
  String bridge;
  String bip;
  List<String> pools;
  String nftTable;
  String mtu;
  Boolean ipForward;
  String usernsRemap;
  Boolean ipv6;
  String fixedCidrV6;
  Path rootlessPortApi;
  String clusterStore;
  String clusterAdvertise;
  List<String> clusterStoreOpts;
  String metricsAddr;
  Path criSocket;
  Path cniConfDir;
  Path cniBinDir;
  String sandboxImage;

  static BerthdCommand from(Flags f) {
    BerthdCommand c = new BerthdCommand();
    c.hosts = f.all("host");
    c.root = path(f.get("root"));
    c.dataRoot = path(f.get("data-root"));
    c.execRoot = path(f.get("exec-root"));
    c.configFile = path(f.get("config-file"));
    c.pidfile = path(f.get("pidfile"));
    c.logLevel = f.get("log-level");
    c.debug = Boolean.TRUE.equals(f.bool("debug"));
    c.group = f.get("group");
    c.tlsVerify = f.bool("tlsverify");
    c.tlsCa = path(f.get("tlscacert"));
    c.tlsCert = path(f.get("tlscert"));
    c.tlsKey = path(f.get("tlskey"));
    c.bridge = f.get("bridge");
    c.bip = f.get("bip");
    c.pools = f.all("default-address-pool");
    c.nftTable = f.get("nft-table");
    c.mtu = f.get("mtu");
    c.ipForward = f.bool("ip-forward");
    c.usernsRemap = f.get("userns-remap");
    c.ipv6 = f.bool("ipv6");
    c.fixedCidrV6 = f.get("fixed-cidr-v6");
    c.rootlessPortApi = path(f.get("rootless-port-api"));
    c.clusterStore = f.get("cluster-store");
    c.clusterAdvertise = f.get("cluster-advertise");
    List<String> opts = f.all("cluster-store-opt");
    c.clusterStoreOpts = opts == null || opts.isEmpty() ? null : opts;
    c.metricsAddr = f.get("metrics-addr");
    c.criSocket = path(f.get("cri-socket"));
    c.cniConfDir = path(f.get("cni-conf-dir"));
    c.cniBinDir = path(f.get("cni-bin-dir"));
    c.sandboxImage = f.get("pod-sandbox-image");
    return c;
  }

  private static Path path(String s) {
    return s == null ? null : Path.of(s);
  }

  /** Merges flags with daemon.json, refusing an option given both ways (as dockerd does). */
  DaemonConfig resolve() {
    boolean explicitFile = configFile != null;
    Path file = explicitFile ? configFile : Path.of("/etc/berth/daemon.json");
    JsonNode json = ConfigFile.read(file, !explicitFile);
    List<String> both = new ArrayList<>();
    checkBoth(both, json, "hosts", hosts);
    checkBoth(both, json, "data-root", root != null ? root : dataRoot);
    checkBoth(both, json, "exec-root", execRoot);
    checkBoth(both, json, "pidfile", pidfile);
    checkBoth(both, json, "log-level", logLevel);
    checkBoth(both, json, "group", group);
    checkBoth(both, json, "tlsverify", tlsVerify);
    checkBoth(both, json, "bridge", bridge);
    checkBoth(both, json, "bip", bip);
    checkBoth(both, json, "default-address-pools", pools);
    checkBoth(both, json, "nft-table", nftTable);
    checkBoth(both, json, "mtu", mtu);
    checkBoth(both, json, "ip-forward", ipForward);
    checkBoth(both, json, "userns-remap", usernsRemap);
    checkBoth(both, json, "ipv6", ipv6);
    checkBoth(both, json, "fixed-cidr-v6", fixedCidrV6);
    checkBoth(both, json, "cluster-store", clusterStore);
    checkBoth(both, json, "cluster-advertise", clusterAdvertise);
    checkBoth(both, json, "cluster-store-opts", clusterStoreOpts);
    checkBoth(both, json, "metrics-addr", metricsAddr);
    boolean criFlags = criSocket != null || cniConfDir != null || cniBinDir != null
        || sandboxImage != null;
    checkBoth(both, json, "cri", criFlags ? "--cri-socket/--cni-*/--pod-sandbox-image" : null);
    if (!both.isEmpty()) {
      throw new ConfigException("the following directives are specified both as a flag and in "
          + "the configuration file: " + String.join(", ", both));
    }
    List<String> h = hosts != null ? hosts : ConfigFile.strings(json.get("hosts"));
    if (h.isEmpty()) {
      h = List.of(DaemonConfig.DEFAULT_HOST);
    }
    Path r = pick(root != null ? root : dataRoot, json, "data-root", "/var/lib/berth");
    Path er = pick(execRoot, json, "exec-root", "/run/berth");
    Path pid = pidfile != null ? pidfile
        : json.has("pidfile") ? Path.of(json.get("pidfile").asText()) : er.resolve("berthd.pid");
    String level = debug || json.path("debug").asBoolean(false) ? "debug"
        : logLevel != null ? logLevel : json.path("log-level").asText("info");
    String g = group != null ? group : json.path("group").asText(null);
    boolean verify = tlsVerify != null ? tlsVerify : json.path("tlsverify").asBoolean(false);
    DaemonConfig.Tls tls = new DaemonConfig.Tls(verify,
        pick(tlsCa, json, "tlscacert", null), pick(tlsCert, json, "tlscert", null),
        pick(tlsKey, json, "tlskey", null));
    return new DaemonConfig(List.copyOf(h), r.toAbsolutePath(), er.toAbsolutePath(),
        pid.toAbsolutePath(), level, g == null ? "berth" : g, g != null, tls, runtimes(json),
        json.path("default-runtime").asText("runc"), Registries.from(json),
        network(json), log(json),
        usernsRemap != null ? usernsRemap : json.path("userns-remap").asText(null),
        rootlessPortApi,
        metricsAddr != null ? metricsAddr : json.path("metrics-addr").asText(null),
        cri(json.path("cri")));
  }

  /** The CRI server from the flags or daemon.json's {@code cri} object; null when not asked. */
  private DaemonConfig.Cri cri(JsonNode json) {
    Path socket = criSocket != null ? criSocket : json.hasNonNull("socket")
        ? Path.of(json.get("socket").asText()) : null;
    if (socket == null) {
      if (cniConfDir != null || cniBinDir != null || sandboxImage != null) {
        throw new ConfigException("--cni-conf-dir, --cni-bin-dir and --pod-sandbox-image need"
            + " --cri-socket");
      }
      return null;
    }
    for (var it = json.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!java.util.Set.of("socket", "sandbox-image", "cni-conf-dir", "cni-bin-dir")
          .contains(k)) {
        throw new ConfigException("unknown key \"" + k + "\" in cri (socket, sandbox-image,"
            + " cni-conf-dir and cni-bin-dir are known)");
      }
    }
    return new DaemonConfig.Cri(socket.toAbsolutePath(),
        sandboxImage != null ? sandboxImage : json.path("sandbox-image").asText(null),
        pick(cniConfDir, json, "cni-conf-dir", "/etc/cni/net.d"),
        pick(cniBinDir, json, "cni-bin-dir", "/usr/lib/cni"));
  }

  private static DaemonConfig.Log log(JsonNode json) {
    java.util.Map<String, String> opts = new java.util.LinkedHashMap<>();
    json.path("log-opts").fields().forEachRemaining(e -> opts.put(e.getKey(),
        e.getValue().asText()));
    return new DaemonConfig.Log(json.path("log-driver").asText("json-file"), Map.copyOf(opts));
  }

  private DaemonConfig.Network network(JsonNode json) {
    List<DaemonConfig.Pool> p = new ArrayList<>();
    if (pools != null) {
      for (String spec : pools) {
        String base = null;
        int size = 0;
        for (String kv : spec.split(",")) {
          String[] f = kv.split("=", 2);
          if (f.length == 2 && f[0].strip().equals("base")) {
            base = f[1].strip();
          } else if (f.length == 2 && f[0].strip().equals("size")) {
            size = parseInt("default-address-pool size", f[1].strip());
          } else {
            throw new ConfigException("invalid default-address-pool: " + spec);
          }
        }
        if (base == null || size == 0) {
          throw new ConfigException("invalid default-address-pool: " + spec);
        }
        p.add(new DaemonConfig.Pool(base, size));
      }
    } else if (json.path("default-address-pools").isArray()) {
      json.get("default-address-pools").forEach(n -> p.add(new DaemonConfig.Pool(
          n.path("base").asText(), n.path("size").asInt())));
    }
    String m = mtu != null ? mtu : json.has("mtu") ? json.get("mtu").asText() : "1500";
    return new DaemonConfig.Network(
        bridge != null ? bridge : json.path("bridge").asText("berth0"),
        bip != null ? bip : json.path("bip").asText(null), List.copyOf(p),
        nftTable != null ? nftTable : json.path("nft-table").asText("berth"),
        parseInt("mtu", m),
        ipForward != null ? ipForward : json.path("ip-forward").asBoolean(true),
        ipv6 != null ? ipv6 : json.path("ipv6").asBoolean(false),
        fixedCidrV6 != null ? fixedCidrV6 : json.path("fixed-cidr-v6").asText(null),
        ClusterConfig.of(clusterStore, clusterAdvertise, clusterStoreOpts, json));
  }

  private static int parseInt(String what, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigException("invalid " + what + ": " + v);
    }
  }

  private static void checkBoth(List<String> both, JsonNode json, String key, Object flag) {
    if (flag != null && json.has(key)) {
      both.add(key + ": (from flag: " + flag + ", from file: " + json.get(key) + ")");
    }
  }

  private static Path pick(Path flag, JsonNode json, String key, String fallback) {
    if (flag != null) {
      return flag;
    }
    if (json.hasNonNull(key)) {
      return Path.of(json.get(key).asText());
    }
    return fallback == null ? null : Path.of(fallback);
  }

  private static Map<String, DaemonConfig.RuntimeSpec> runtimes(JsonNode json) {
    Map<String, DaemonConfig.RuntimeSpec> out = new LinkedHashMap<>();
    JsonNode rt = json.get("runtimes");
    if (rt != null) {
      rt.properties().forEach(e -> out.put(e.getKey(), new DaemonConfig.RuntimeSpec(
          e.getValue().path("path").asText(e.getKey()),
          ConfigFile.strings(e.getValue().get("runtimeArgs")))));
    }
    return out;
  }
}
