package io.berth.engine.spec;

import io.berth.oci.runtime.Linux;
import java.util.List;
import java.util.Map;

/**
 * The parts of Docker's {@code HostConfig} that shape the spec.
 *
 * @param privileged all capabilities and devices, no masked paths, no seccomp
 * @param readonlyRootfs mount the root file system read-only
 * @param capAdd capability names, with or without {@code CAP_}, any case, or {@code ALL}
 * @param capDrop as {@code capAdd}
 * @param securityOpt {@code no-new-privileges[=bool]}, {@code seccomp=unconfined|builtin|<json>},
 *     {@code systempaths=unconfined}; {@code label} and {@code apparmor} are accepted and ignored
 * @param pidMode "" / "private" or "host"
 * @param ipcMode "" / "private" / "shareable", "host" or "none"
 * @param utsMode "" or "host"
 * @param init run {@link SpecContext#initPath()} as pid 1 (null = no, the daemon default)
 * @param ulimits soft/hard limits by Docker name ({@code nofile}, {@code nproc}, ...)
 * @param sysctls namespaced sysctls only
 * @param shmSize bytes for {@code /dev/shm}; 0 = Docker's 64 MiB
 * @param tmpfs destination → comma-separated options ({@code size=64m,mode=1777})
 * @param mounts binds (volumes come resolved to their directory), in the order given
 * @param oomScoreAdj written as {@code process.oomScoreAdj}
 * @param limits cgroup limits (memory, CPU, pids, block I/O)
 * @param groupAdd {@code --group-add}: group names (looked up in the container's
 *     {@code /etc/group}) or numbers, added to the process's supplementary groups
 * @param devices {@code --device} nodes, resolved on the host (path in the container)
 * @param deviceRules the cgroup rules that go with {@code devices}, then those of
 *     {@code --device-cgroup-rule}
 */
public record HostSettings(
    boolean privileged,
    boolean readonlyRootfs,
    List<String> capAdd,
    List<String> capDrop,
    List<String> securityOpt,
    String pidMode,
    String ipcMode,
    String utsMode,
    Boolean init,
    List<Ulimit> ulimits,
    Map<String, String> sysctls,
    long shmSize,
    Map<String, String> tmpfs,
    List<BindMount> mounts,
    int oomScoreAdj,
    ResourceLimits limits,
    List<String> groupAdd,
    List<Linux.Device> devices,
    List<Linux.DeviceRule> deviceRules) {

  /** Docker's default {@code /dev/shm} size, 64 MiB. */
  public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

  public HostSettings {
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    securityOpt = securityOpt == null ? List.of() : List.copyOf(securityOpt);
    pidMode = pidMode == null ? "" : pidMode;
    ipcMode = ipcMode == null ? "" : ipcMode;
    utsMode = utsMode == null ? "" : utsMode;
    ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
    sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
    tmpfs = tmpfs == null ? Map.of() : Map.copyOf(tmpfs);
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    limits = limits == null ? ResourceLimits.NONE : limits;
    groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
    devices = devices == null ? List.of() : List.copyOf(devices);
    deviceRules = deviceRules == null ? List.of() : List.copyOf(deviceRules);
  }

  /** Without cgroup limits. */
  public HostSettings(boolean privileged, boolean readonlyRootfs, List<String> capAdd,
      List<String> capDrop, List<String> securityOpt, String pidMode, String ipcMode,
      String utsMode, Boolean init, List<Ulimit> ulimits, Map<String, String> sysctls,
      long shmSize, Map<String, String> tmpfs, List<BindMount> mounts, int oomScoreAdj) {
    this(privileged, readonlyRootfs, capAdd, capDrop, securityOpt, pidMode, ipcMode, utsMode,
        init, ulimits, sysctls, shmSize, tmpfs, mounts, oomScoreAdj, ResourceLimits.NONE, null,
        null, null);
  }

  /** The same settings with {@code l} as the cgroup limits. */
  public HostSettings withLimits(ResourceLimits l) {
    return new HostSettings(privileged, readonlyRootfs, capAdd, capDrop, securityOpt, pidMode,
        ipcMode, utsMode, init, ulimits, sysctls, shmSize, tmpfs, mounts, oomScoreAdj, l,
        groupAdd, devices, deviceRules);
  }

  /** The same settings with extra groups, devices and device cgroup rules. */
  public HostSettings withDevices(List<String> groups, List<Linux.Device> nodes,
      List<Linux.DeviceRule> rules) {
    return new HostSettings(privileged, readonlyRootfs, capAdd, capDrop, securityOpt, pidMode,
        ipcMode, utsMode, init, ulimits, sysctls, shmSize, tmpfs, mounts, oomScoreAdj, limits,
        groups, nodes, rules);
  }

  /** Docker's defaults: nothing added, nothing shared with the host. */
  public static HostSettings defaults() {
    return new HostSettings(false, false, null, null, null, null, null, null, null, null, null,
        0, null, null, 0);
  }

  /** One {@code --ulimit name=soft:hard}. */
  public record Ulimit(String name, long soft, long hard) {}

  /**
   * A bind mount ({@code -v /src:/dst:ro} or {@code --mount type=bind}).
   *
   * @param propagation null = {@code rprivate}, Docker's default
   * @param nonRecursive {@code bind} instead of {@code rbind}
   */
  public record BindMount(String source, String destination, boolean readOnly,
      String propagation, boolean nonRecursive) {

    public static BindMount of(String source, String destination, boolean readOnly) {
      return new BindMount(source, destination, readOnly, null, false);
    }
  }
}
