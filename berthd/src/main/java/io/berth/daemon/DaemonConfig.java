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
 * @param log daemon.json's {@code log-driver} and {@code log-opts}: new containers' defaults
 * @param usernsRemap {@code userns-remap}: {@code default}, {@code user[:group]}, or null
 * @param metricsAddr {@code metrics-addr}: {@code host:port} serving /metrics, or null (ADR 0125)
 * @param cri the Kubernetes CRI server ({@code --cri-socket}, daemon.json {@code cri}), or null
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
    RegistryConfig registries,
    Network network,
    Log log,
    String usernsRemap,
    Path rootlessPortApi,
    String metricsAddr,
    Cri cri) {

  public static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";

  /** The same configuration on another root (the remapped daemon's own, ADR 0111). */
  public DaemonConfig withRoot(Path newRoot) {
    return new DaemonConfig(hosts, newRoot, execRoot, pidfile, logLevel, group, groupExplicit,
        tls, runtimes, defaultRuntime, registries, network, log, usernsRemap, rootlessPortApi,
        metricsAddr, cri);
  }

  /** Whether berthd runs rootless (ADR 0114): in bin/berthd-rootless's user namespace. */
  public boolean rootless() {
    return rootlessPortApi != null;
  }

  /** TLS settings for {@code tcp://} hosts; all three files are needed with verify. */
  public record Tls(boolean verify, Path ca, Path cert, Path key) {}

  /**
   * Networking: the default bridge ({@code bridge}, {@code none} for no default network), its
   * {@code bip}, {@code default-address-pools} ({@code base}/{@code size}), berth's nftables
   * table, MTU, whether berth may turn on IPv4 forwarding, and the cluster store for global
   * overlay networks (null: none; ADR 0124).
   */
  public record Network(String bridge, String bip, List<Pool> pools, String nftTable, int mtu,
      boolean ipForward, boolean ipv6, String fixedCidrV6, ClusterConfig cluster) {}

  /** The default log driver ({@code json-file} when daemon.json names none) and options. */
  public record Log(String driver, Map<String, String> opts) {}

  /** One {@code default-address-pools} entry. */
  public record Pool(String base, int size) {}

  /**
   * The CRI server (ADR 0121): its socket, the pod sandbox image (null: berth's own, made
   * locally), the CNI configuration and plugin directories.
   */
  public record Cri(Path socket, String sandboxImage, Path cniConfDir, Path cniBinDir) {}

  /** An OCI runtime configured in daemon.json. */
  public record RuntimeSpec(String path, List<String> runtimeArgs) {}
}
