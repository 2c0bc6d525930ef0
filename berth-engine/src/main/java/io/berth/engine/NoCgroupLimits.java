package io.berth.engine;

import io.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;

/**
 * A daemon that may not make cgroups (rootless on cgroup v1, or v2 without delegation: ADR
 * 0114) discards every limit with the warning moby's
 * {@code verifyPlatformContainerResources} gives when its {@code sysinfo} lacks the controller;
 * {@code --cpus} is refused, as moby refuses it without CFS.
 */
final class NoCgroupLimits {
  private static final String NO = "Your kernel does not support ";

  private NoCgroupLimits() {}

  static ResourceChecks.Result discard(HostConfig h) {
    ResourceConfig r = ResourceConfig.of(h);
    if (n(r.nanoCpus()) > 0) {
      throw BerthException.invalid("NanoCPUs can not be set, as your kernel does not support CPU"
          + " CFS scheduler or the cgroup is not mounted");
    }
    List<String> w = new ArrayList<>();
    warn(w, n(r.memory()) > 0, "memory limit capabilities", "Limitation discarded.");
    warn(w, n(r.memoryReservation()) > 0, "memory soft limit capabilities",
        "Limitation discarded.");
    warn(w, n(r.memorySwap()) > 0, "swap limit capabilities", "Memory limited without swap.");
    warn(w, r.memorySwappiness() != null && r.memorySwappiness() != -1,
        "memory swappiness capabilities", "Memory swappiness discarded.");
    if (Boolean.TRUE.equals(r.oomKillDisable())) {
      w.add(NO + "OomKillDisable. OomKillDisable discarded.");
    }
    warn(w, n(r.cpuShares()) > 0, "CPU shares", "Shares discarded.");
    warn(w, n(r.cpuPeriod()) > 0, "CPU cfs period", "Period discarded.");
    warn(w, n(r.cpuQuota()) > 0, "CPU cfs quota", "Quota discarded.");
    warn(w, !empty(r.cpusetCpus()) || !empty(r.cpusetMems()), "cpuset", "Cpuset discarded.");
    warn(w, n(r.pidsLimit()) > 0, "pids limit capabilities", "PIDs limit discarded.");
    warn(w, r.blkioWeight() != null && r.blkioWeight() > 0, "Block I/O weight",
        "Weight discarded.");
    warn(w, !none(r.blkioWeightDevice()), "Block I/O weight_device",
        "Weight-device discarded.");
    warn(w, !none(r.blkioDeviceReadBps()) || !none(r.blkioDeviceWriteBps())
        || !none(r.blkioDeviceReadIOps()) || !none(r.blkioDeviceWriteIOps()),
        "BPS/IOPS Block I/O throttling", "Block I/O throttling discarded.");
    if (w.isEmpty()) {
      return new ResourceChecks.Result(h, List.of());
    }
    ResourceConfig none = new ResourceConfig(0L, 0L, 0L, 0L, -1L, false, 0L, 0L, 0L, 0L, "",
        "", 0L, 0, List.of(), List.of(), List.of(), List.of(), List.of(), null);
    return new ResourceChecks.Result(none.applyTo(h), List.copyOf(w));
  }

  private static void warn(List<String> w, boolean set, String what, String outcome) {
    if (set) {
      w.add(NO + what + " or the cgroup is not mounted. " + outcome);
    }
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }

  private static boolean none(List<?> l) {
    return l == null || l.isEmpty();
  }

  private static long n(Long v) {
    return v == null ? 0 : v;
  }
}
