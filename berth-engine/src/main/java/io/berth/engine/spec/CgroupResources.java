package io.berth.engine.spec;

import io.berth.oci.runtime.Linux;
import io.berth.oci.runtime.Linux.DeviceRule;
import java.util.List;

/**
 * {@link ResourceLimits} → the spec's {@code linux.resources}, as moby's
 * {@code daemon/oci_linux.go WithResources} fills them ({@code getMemoryResources},
 * {@code getCPUResources}, {@code getPidsLimit}, {@code getBlkioWeightDevices}). Pure.
 *
 * <p>The same v1-named fields serve cgroup v2: the runtime translates them (runc
 * {@code libcontainer/cgroups/fs2}). What v2 has no file for is left out, as Docker's
 * {@code sysinfo} drops it with a warning: swappiness, and disabling the OOM killer.
 */
public final class CgroupResources {
  /** Docker's CFS period for {@code --cpus}: 100 ms in microseconds. */
  static final long NANO_CPU_PERIOD = 100_000;

  private CgroupResources() {}

  public static Linux.Resources build(List<DeviceRule> devices, ResourceLimits r,
      int cgroupVersion) {
    Linux.Pids pids = pids(r);
    // 0 and negative mean unlimited, which is the default at creation: no value at all (moby
    // treats them as nil; crun writes a -1 literally and the kernel refuses it)
    return new Linux.Resources(devices, memory(r, cgroupVersion), cpu(r),
        pids != null && pids.limit() > 0 ? pids : null, blockIo(r), null);
  }

  /** The resources without device rules: what {@code runc update -r} takes. */
  public static Linux.Resources update(ResourceLimits r, int cgroupVersion) {
    return new Linux.Resources(null, memory(r, cgroupVersion), cpu(r), pids(r), blockIo(r),
        null);
  }

  private static Linux.Memory memory(ResourceLimits r, int cgroupVersion) {
    boolean v1 = cgroupVersion == 1;
    Long swappiness = v1 && r.memorySwappiness() != null && r.memorySwappiness() >= 0
        ? r.memorySwappiness() : null;
    Boolean noOom = v1 ? r.oomKillDisable() : null;
    Linux.Memory m = new Linux.Memory(positive(r.memory()), positive(r.memoryReservation()),
        r.memorySwap() != 0 ? r.memorySwap() : null, null, swappiness, noOom);
    return m.equals(new Linux.Memory(null, null, null, null, null, null)) ? null : m;
  }

  private static Linux.Cpu cpu(ResourceLimits r) {
    Long period = r.cpuPeriod() != 0 ? r.cpuPeriod() : null;
    Long quota = r.cpuQuota() != 0 ? r.cpuQuota() : null;
    if (r.nanoCpus() > 0) {
      period = NANO_CPU_PERIOD;
      quota = r.nanoCpus() * NANO_CPU_PERIOD / 1_000_000_000L;
    }
    Linux.Cpu c = new Linux.Cpu(positive(r.cpuShares()), quota, period, empty(r.cpusetCpus()),
        empty(r.cpusetMems()));
    return c.equals(new Linux.Cpu(null, null, null, null, null)) ? null : c;
  }

  /** Docker API allows 0 and negative values to unset it; runc needs -1 to unset on update. */
  private static Linux.Pids pids(ResourceLimits r) {
    if (r.pidsLimit() == null) {
      return null;
    }
    return new Linux.Pids(r.pidsLimit() <= 0 ? -1 : r.pidsLimit());
  }

  private static Linux.BlockIo blockIo(ResourceLimits r) {
    List<Linux.WeightDevice> weights = r.blkioWeightDevice().stream()
        .map(d -> new Linux.WeightDevice(d.major(), d.minor(), d.weight())).toList();
    Linux.BlockIo b = new Linux.BlockIo(r.blkioWeight() > 0 ? r.blkioWeight() : null,
        nullIfEmpty(weights), throttle(r.readBps()), throttle(r.writeBps()),
        throttle(r.readIops()), throttle(r.writeIops()));
    return b.equals(new Linux.BlockIo(null, null, null, null, null, null)) ? null : b;
  }

  private static List<Linux.ThrottleDevice> throttle(List<ResourceLimits.DeviceRate> rates) {
    return nullIfEmpty(rates.stream()
        .map(d -> new Linux.ThrottleDevice(d.major(), d.minor(), d.rate())).toList());
  }

  private static <T> List<T> nullIfEmpty(List<T> l) {
    return l.isEmpty() ? null : l;
  }

  private static Long positive(long v) {
    return v > 0 ? v : null;
  }

  private static String empty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
