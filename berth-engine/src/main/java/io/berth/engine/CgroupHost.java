package io.berth.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this host's cgroups offer, for limit checks and stats: the version (2 only when
 * {@code /sys/fs/cgroup} is the unified hierarchy itself; a hybrid host is v1, as runc sees
 * it), whether swap can be limited, the CPU count, and whether berthd may make cgroups at all.
 *
 * @param root the cgroup mount, {@code /sys/fs/cgroup}
 * @param limits false when berthd may not write the cgroup tree (rootless without delegation):
 *     limits are discarded with Docker's warnings
 */
public record CgroupHost(Path root, int version, boolean swapLimit, int cpus, boolean limits) {

  public CgroupHost(Path root, int version, boolean swapLimit, int cpus) {
    this(root, version, swapLimit, cpus, true);
  }

  public static CgroupHost detect() {
    Path root = Path.of("/sys/fs/cgroup");
    boolean v2 = Files.exists(root.resolve("cgroup.controllers"));
    // rootless berthd (ADR 0114), root of a user namespace only, may not make cgroups where
    // nothing was delegated to it
    boolean limits = !inUserNamespace() || Files.isWritable(v2 ? root : root.resolve("memory"));
    return new CgroupHost(root, v2 ? 2 : 1,
        v2 || Files.exists(root.resolve("memory/memory.memsw.limit_in_bytes")),
        Runtime.getRuntime().availableProcessors(), limits);
  }

  /** Whether this process is in a user namespace other than the host's (whose map is all). */
  static boolean inUserNamespace() {
    try {
      return !Files.readString(Path.of("/proc/self/uid_map")).trim()
          .matches("0\\s+0\\s+4294967295");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * The directory of {@code controller} for the cgroup at {@code cgroupsPath} (absolute,
   * {@code /berth/<id>}): {@code <root>/<controller>/<path>} on v1, {@code <root>/<path>} on v2.
   */
  public Path dir(String controller, String cgroupsPath) {
    String rel = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
    return version == 2 ? root.resolve(rel) : root.resolve(controller).resolve(rel);
  }
}
