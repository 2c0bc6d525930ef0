package io.berth.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.Command;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --cluster-store etcd://host:port[,host:port…]}, {@code --cluster-advertise} and
 * {@code --cluster-store-opt} (daemon.json {@code cluster-store}, {@code cluster-advertise},
 * {@code cluster-store-opts}), dockerd 1.9–19.03's options for global overlay networks (ADR
 * 0124). The TLS options are dockerd's: {@code kv.cacertfile}, {@code kv.certfile},
 * {@code kv.keyfile}; with them the endpoints are asked over https.
 *
 * @param endpoints etcd's client URLs, in order
 * @param advertise this host's underlay IPv4 address (an interface name is resolved to its
 *     first address; a {@code :port} is accepted as dockerd's and ignored)
 * @param tls the client certificate, key and CA, or null for plain http
 * @param leaseTtl seconds after which a silent host's endpoints vanish ({@code kv.ttl}, 15)
 */
record ClusterConfig(List<URI> endpoints, String advertise, DaemonConfig.Tls tls,
    int leaseTtl) {
  static final List<String> OPTS = List.of("kv.cacertfile", "kv.certfile", "kv.keyfile",
      "kv.ttl");

  /** The configuration, or null without a cluster store. */
  static ClusterConfig of(String store, String advertise, List<String> optFlags, JsonNode json) {
    String s = store != null ? store : json.path("cluster-store").asText(null);
    String a = advertise != null ? advertise : json.path("cluster-advertise").asText(null);
    Map<String, String> opts = new LinkedHashMap<>();
    if (optFlags != null) {
      for (String o : optFlags) {
        int eq = o.indexOf('=');
        if (eq < 1) {
          throw new ConfigException("invalid cluster-store-opt " + o + ": want key=value");
        }
        opts.put(o.substring(0, eq), o.substring(eq + 1));
      }
    } else if (json.path("cluster-store-opts").isObject()) {
      json.get("cluster-store-opts").properties().forEach(e -> opts.put(e.getKey(),
          e.getValue().asText()));
    }
    if (s == null || s.isEmpty()) {
      if (a != null || !opts.isEmpty()) {
        throw new ConfigException("cluster-advertise and cluster-store-opts need a"
            + " cluster-store");
      }
      return null;
    }
    for (String k : opts.keySet()) {
      if (!OPTS.contains(k)) {
        throw new ConfigException("unknown cluster-store-opt " + k + " (berth knows "
            + String.join(", ", OPTS) + ")");
      }
    }
    if (a == null || a.isEmpty()) {
      throw new ConfigException("cluster-store " + s + " needs --cluster-advertise: the"
          + " address other hosts reach this one's VXLAN tunnels on");
    }
    boolean tls = opts.containsKey("kv.certfile") || opts.containsKey("kv.keyfile")
        || opts.containsKey("kv.cacertfile");
    if (tls && !(opts.containsKey("kv.certfile") && opts.containsKey("kv.keyfile")
        && opts.containsKey("kv.cacertfile"))) {
      throw new ConfigException("cluster-store TLS needs kv.cacertfile, kv.certfile and"
          + " kv.keyfile");
    }
    int ttl = 15;
    if (opts.containsKey("kv.ttl")) {
      try {
        ttl = Integer.parseInt(opts.get("kv.ttl").replaceAll("s$", ""));
      } catch (NumberFormatException e) {
        throw new ConfigException("invalid kv.ttl: " + opts.get("kv.ttl"));
      }
    }
    return new ClusterConfig(endpoints(s, tls), address(a), tls ? new DaemonConfig.Tls(true,
        Path.of(opts.get("kv.cacertfile")), Path.of(opts.get("kv.certfile")),
        Path.of(opts.get("kv.keyfile"))) : null, ttl);
  }

  /** {@code etcd://h1:2379,h2:2379} → {@code http(s)://h1:2379}, {@code http(s)://h2:2379}. */
  static List<URI> endpoints(String store, boolean tls) {
    if (!store.startsWith("etcd://")) {
      throw new ConfigException("unsupported cluster-store " + store + ": berth supports"
          + " etcd://host:port[,host:port...] (consul and zookeeper are not supported)");
    }
    List<URI> out = new ArrayList<>();
    for (String hp : store.substring("etcd://".length()).replaceAll("/.*$", "").split(",")) {
      if (!hp.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]+")) {
        throw new ConfigException("invalid cluster-store address " + hp + ": want host:port");
      }
      out.add(URI.create((tls ? "https://" : "http://") + hp));
    }
    return out;
  }

  /** An IPv4 address as given, or an interface's first IPv4 address; a port is dropped. */
  static String address(String advertise) {
    String a = advertise.replaceAll(":[0-9]+$", "");
    if (a.matches("[0-9]+(\\.[0-9]+){3}")) {
      return a;
    }
    if (!a.matches("[A-Za-z0-9_.\\-]{1,15}")) {
      throw new ConfigException("invalid cluster-advertise " + advertise);
    }
    Command.Result r = Command.tryRun(null, "ip", "-4", "-o", "addr", "show", "dev", a);
    for (String f : r.out().split("\\s+")) {
      if (f.matches("[0-9]+(\\.[0-9]+){3}/[0-9]+")) {
        return f.substring(0, f.indexOf('/'));
      }
    }
    throw new ConfigException("cluster-advertise " + advertise + ": not an IPv4 address, nor"
        + " an interface with one");
  }
}
