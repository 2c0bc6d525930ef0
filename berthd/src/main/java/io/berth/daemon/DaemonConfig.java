package io.berth.daemon;

import io.berth.distribution.RegistryConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The daemon's effective configuration: flags merged with daemon.json.
 *
 * @param runtimes extra OCI runtimes from daemon.json {@code runtimes}, by name
 * @param registries insecure-registries, registry-mirrors and registry-mirror-map
 */
public record DaemonConfig(
    List<String> hosts,
    Path root,
    Path execRoot,
    Path pidfile,
    String logLevel,
    String group,
    boolean groupExplicit,
    Tls tls,
    Map<String, RuntimeSpec> runtimes,
    String defaultRuntime,
    RegistryConfig registries) {

  public static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";

  /** TLS settings for {@code tcp://} hosts; all three files are needed with verify. */
  public record Tls(boolean verify, Path ca, Path cert, Path key) {}

  /** An OCI runtime configured in daemon.json. */
  public record RuntimeSpec(String path, List<String> runtimeArgs) {}
}
