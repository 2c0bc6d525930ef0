package io.berth.engine;

import io.berth.common.BerthException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A create's {@code HostConfig.LogConfig} as dockerd's {@code mergeAndVerifyLogConfig} makes
 * it: an empty type is the daemon's {@code log-driver}; the daemon's {@code log-opts} fill the
 * options a container of that driver does not set; the driver must exist and know each option.
 * berth stores logs itself for {@code json-file} and {@code local} (both in conmon's k8s-file
 * format, rotated as ADR 113 says) and keeps nothing for {@code none}.
 */
final class LogDrivers {
  static final String JSON_FILE = "json-file";
  static final String NONE = "none";
  /**
   * conmon's own format at a path the client names ({@code path}, podman's
   * {@code --log-opt path}): the CRI's container log, at the pod's {@code log_directory} +
   * the container's {@code log_path} (berth-cri, ADR 0121).
   */
  static final String K8S_FILE = "k8s-file";
  /** Docker's built-in drivers that berth does not implement: refused at create, by name. */
  private static final Set<String> DOCKER_ONLY = Set.of("awslogs", "fluentd", "gcplogs", "gelf",
      "journald", "logentries", "splunk", "syslog", "etwlogs");
  private static final Map<String, Set<String>> OPTIONS = Map.of(
      JSON_FILE, Set.of("max-file", "max-size", "compress", "labels", "labels-regex", "env",
          "env-regex", "tag"),
      "local", Set.of("max-file", "max-size", "compress"),
      K8S_FILE, Set.of("path", "max-file", "max-size"));

  private LogDrivers() {}

  /** The daemon's default when daemon.json names none: json-file without options. */
  static HostConfig.LogConfig daemonDefault() {
    return new HostConfig.LogConfig(JSON_FILE, Map.of());
  }

  static HostConfig.LogConfig resolve(HostConfig.LogConfig requested,
      HostConfig.LogConfig daemon) {
    String type = requested == null || requested.type() == null || requested.type().isEmpty()
        ? daemon.type() : requested.type();
    Map<String, String> opts = new LinkedHashMap<>(
        requested == null || requested.config() == null ? Map.of() : requested.config());
    if (type.equals(daemon.type()) && daemon.config() != null) {
      daemon.config().forEach(opts::putIfAbsent);
    }
    HostConfig.LogConfig out = new HostConfig.LogConfig(type, opts);
    check(out);
    return out;
  }

  /** 400 for a driver berth does not have or an option its driver does not take. */
  static void check(HostConfig.LogConfig cfg) {
    String type = cfg.type();
    if (NONE.equals(type)) {
      return; // dockerd ignores the options of none
    }
    if (DOCKER_ONLY.contains(type)) {
      throw BerthException.invalid("logging driver \"" + type + "\" is not supported by berth"
          + " (json-file, local and none are)");
    }
    Set<String> known = OPTIONS.get(type);
    if (known == null) {
      throw BerthException.invalid("error looking up logging plugin " + type + ": plugin \""
          + type + "\" not found");
    }
    for (String k : cfg.config().keySet()) {
      if (!known.contains(k)) {
        throw BerthException.invalid("unknown log opt '" + k + "' for " + type + " log driver");
      }
    }
    LogRotator.Limits.of(cfg); // values: max-size, max-file
  }

  /** Where the monitor writes the log: the {@code path} option of k8s-file, else {@code dflt}. */
  static String path(HostConfig.LogConfig cfg, java.nio.file.Path dflt) {
    if (cfg != null && K8S_FILE.equals(cfg.type()) && cfg.config() != null
        && cfg.config().get("path") != null && !cfg.config().get("path").isEmpty()) {
      return cfg.config().get("path");
    }
    return dflt.toString();
  }

  /** True when the container keeps a log that {@code docker logs} can read. */
  static boolean readable(HostConfig.LogConfig cfg) {
    return cfg == null || !NONE.equals(cfg.type());
  }
}
