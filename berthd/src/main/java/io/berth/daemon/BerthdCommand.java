package io.berth.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.BuildInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** berthd's flags, in dockerd's style; flags and daemon.json may not set the same option. */
@Command(name = "berthd", mixinStandardHelpOptions = true,
    versionProvider = BerthdCommand.Version.class,
    description = "A Docker-compatible container engine daemon.")
public final class BerthdCommand implements Callable<Integer> {
  @Option(names = {"-H", "--host"}, paramLabel = "ADDR",
      description = "Daemon socket(s) to listen on (unix:///path or tcp://host:port with --tlsverify)")
  List<String> hosts;

  @Option(names = "--root", paramLabel = "DIR", description = "Root of persistent state (default /var/lib/berth)")
  Path root;

  @Option(names = "--data-root", hidden = true)
  Path dataRoot;

  @Option(names = "--exec-root", paramLabel = "DIR", description = "Root of per-boot state (default /run/berth)")
  Path execRoot;

  @Option(names = "--config-file", paramLabel = "FILE", description = "Daemon configuration file (default /etc/berth/daemon.json)")
  Path configFile;

  @Option(names = {"-p", "--pidfile"}, paramLabel = "FILE", description = "Path of the pid file (default <exec-root>/berthd.pid)")
  Path pidfile;

  @Option(names = {"-l", "--log-level"}, paramLabel = "LEVEL", description = "debug, info, warn, error, fatal (default info)")
  String logLevel;

  @Option(names = {"-D", "--debug"}, description = "Same as --log-level debug")
  boolean debug;

  @Option(names = {"-G", "--group"}, paramLabel = "GROUP", description = "Group owning the unix socket (default berth)")
  String group;

  @Option(names = "--tlsverify", description = "Require TLS with client certificates on tcp:// hosts")
  Boolean tlsVerify;

  @Option(names = "--tlscacert", paramLabel = "FILE") Path tlsCa;
  @Option(names = "--tlscert", paramLabel = "FILE") Path tlsCert;
  @Option(names = "--tlskey", paramLabel = "FILE") Path tlsKey;

  @Override
  public Integer call() throws Exception {
    DaemonConfig config = resolve();
    return Daemon.run(config);
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
        json.path("default-runtime").asText("runc"));
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

  /** Prints berthd's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.current();
      return new String[] {"berthd version " + b.version() + ", build " + b.commit()};
    }
  }
}
