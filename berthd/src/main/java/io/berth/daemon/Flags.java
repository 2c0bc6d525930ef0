package io.berth.daemon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * berthd's command-line flags, parsed by hand in dockerd's (pflag's) style: {@code --name value},
 * {@code --name=value}, {@code -H value}, {@code -Hvalue}, booleans with an optional
 * {@code =true|false}. Why not picocli, as the CLI uses: its reflective model costs about
 * 250 ms at every daemon start (measured by bench/startup.sh), a quarter of dockerd's whole
 * cold start, for fifteen flags.
 */
final class Flags {
  /** A flag: its long name, short letter (or 0), whether it takes a value, and its help. */
  record Spec(String name, char shortName, boolean takesValue, String help) {}

  static final List<Spec> SPECS = List.of(
      new Spec("host", 'H', true, "Daemon socket(s) to listen on: unix:///path, or tcp://host:port with --tlsverify (repeatable)"),
      new Spec("root", (char) 0, true, "Root of persistent state (default /var/lib/berth)"),
      new Spec("data-root", (char) 0, true, "Same as --root (dockerd's name)"),
      new Spec("exec-root", (char) 0, true, "Root of per-boot state (default /run/berth)"),
      new Spec("config-file", (char) 0, true, "Daemon configuration file (default /etc/berth/daemon.json)"),
      new Spec("pidfile", 'p', true, "Path of the pid file (default <exec-root>/berthd.pid)"),
      new Spec("log-level", 'l', true, "debug, info, warn, error or fatal (default info)"),
      new Spec("debug", 'D', false, "Same as --log-level debug"),
      new Spec("group", 'G', true, "Group owning the unix socket (default berth; mode 0660)"),
      new Spec("tlsverify", (char) 0, false, "Require TLS with client certificates on tcp:// hosts"),
      new Spec("tlscacert", (char) 0, true, "CA that signs client certificates"),
      new Spec("tlscert", (char) 0, true, "Server certificate (PEM)"),
      new Spec("tlskey", (char) 0, true, "Server key (PEM, PKCS#8)"),
      new Spec("bridge", 'b', true, "Attach containers to a network bridge (default berth0; none = no default network)"),
      new Spec("bip", (char) 0, true, "Network bridge IP, e.g. 172.17.0.1/16 (default: a free subnet)"),
      new Spec("default-address-pool", (char) 0, true, "Default address pool for networks: base=10.10.0.0/16,size=24 (repeatable)"),
      new Spec("nft-table", (char) 0, true, "Name of berth's own nftables table (default berth)"),
      new Spec("mtu", (char) 0, true, "MTU of container networks (default 1500)"),
      new Spec("ip-forward", (char) 0, false, "Enable net.ipv4.ip_forward when a bridge network needs it (default true)"),
      new Spec("userns-remap", (char) 0, true, "User/Group setting for user namespaces: default, or user[:group] with ranges in /etc/subuid and /etc/subgid"),
      new Spec("rootless-port-api", (char) 0, true, "Run rootless, inside bin/berthd-rootless's namespaces: no cgroups, published ports through this slirp4netns API socket"),
      new Spec("cleanup", (char) 0, false, "Remove berth's nftables table and network bridges, then quit (no container may be left running)"),
      new Spec("ipv6", (char) 0, false, "Enable IPv6 on the default bridge (needs --fixed-cidr-v6)"),
      new Spec("fixed-cidr-v6", (char) 0, true, "IPv6 subnet of the default bridge, e.g. fd00:1::/64"),
      new Spec("cluster-store", (char) 0, true, "URL of the cluster store for global overlay networks: etcd://host:port[,host:port...]"),
      new Spec("cluster-advertise", (char) 0, true, "This host's address (or interface) for the cluster's overlay tunnels"),
      new Spec("cluster-store-opt", (char) 0, true, "Cluster store option: kv.cacertfile, kv.certfile, kv.keyfile, kv.ttl (repeatable)"),
      new Spec("metrics-addr", (char) 0, true, "Serve Prometheus metrics at http://host:port/metrics, e.g. 127.0.0.1:9323"),
      new Spec("cri-socket", (char) 0, true, "Serve the Kubernetes CRI (runtime.v1) on this unix socket, e.g. /run/berth/cri.sock"),
      new Spec("cni-conf-dir", (char) 0, true, "CNI network configurations of CRI pods (default /etc/cni/net.d)"),
      new Spec("cni-bin-dir", (char) 0, true, "CNI plugins of CRI pods (default /usr/lib/cni)"),
      new Spec("pod-sandbox-image", (char) 0, true, "Image of CRI pod sandboxes (default: berth's own pause image, made locally)"),
      new Spec("help", 'h', false, "Print usage"),
      new Spec("version", 'v', false, "Print version information and quit"));

  private final Map<String, List<String>> values = new HashMap<>();

  /** Parses {@code args}; a bad flag is a {@link ConfigException} with pflag's wording. */
  static Flags parse(String[] args) {
    Flags f = new Flags();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
        throw new ConfigException("berthd takes no arguments, got \"" + a + "\"");
      }
      boolean isLong = a.startsWith("--");
      String body = a.substring(isLong ? 2 : 1);
      String inline = null;
      String key;
      if (isLong) {
        int eq = body.indexOf('=');
        key = eq < 0 ? body : body.substring(0, eq);
        inline = eq < 0 ? null : body.substring(eq + 1);
      } else {
        key = body.substring(0, 1);
        inline = body.length() > 1 ? body.substring(body.startsWith("=", 1) ? 2 : 1) : null;
      }
      Spec spec = find(key, isLong);
      if (spec == null) {
        throw new ConfigException("unknown " + (isLong ? "flag: --" : "shorthand flag: '" + key
            + "' in -") + (isLong ? key : body));
      }
      String value;
      if (!spec.takesValue()) {
        value = inline == null ? "true" : inline;
      } else if (inline != null) {
        value = inline;
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new ConfigException("flag needs an argument: --" + spec.name());
      }
      f.values.computeIfAbsent(spec.name(), k -> new ArrayList<>()).add(value);
    }
    return f;
  }

  private static Spec find(String key, boolean isLong) {
    for (Spec s : SPECS) {
      if (isLong ? s.name().equals(key) : key.length() == 1 && s.shortName() == key.charAt(0)) {
        return s;
      }
    }
    return null;
  }

  /** The last value of a flag, or null. */
  String get(String name) {
    List<String> v = values.get(name);
    return v == null ? null : v.getLast();
  }

  /** Every value of a repeatable flag, or null when it was not given. */
  List<String> all(String name) {
    return values.get(name);
  }

  /** A boolean flag: null when absent. */
  Boolean bool(String name) {
    String v = get(name);
    if (v == null) {
      return null;
    }
    return switch (v) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new ConfigException("invalid argument \"" + v + "\" for \"--" + name
          + "\" flag: strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
    };
  }

  static String usage() {
    StringBuilder sb = new StringBuilder(
        "Usage: berthd [OPTIONS]\n\nA Docker-compatible container engine daemon.\n\nOptions:\n");
    for (Spec s : SPECS) {
      String names = (s.shortName() != 0 ? "-" + s.shortName() + ", " : "    ") + "--" + s.name()
          + (s.takesValue() ? " string" : "");
      sb.append(String.format("  %-28s %s%n", names, s.help()));
    }
    return sb.toString();
  }
}
