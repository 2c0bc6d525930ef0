package io.berth.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One reading of a container's cgroup counters, in Docker's units (nanoseconds, bytes), for
 * {@code docker stats}. Zero when unknown; {@link #empty} for a container that does not run.
 *
 * @param cpuTotal cpuacct.usage / cpu.stat usage_usec, in ns
 * @param systemCpu the host's total CPU time from /proc/stat, in ns
 * @param memoryStats memory.stat as the kernel names its keys (v1 with {@code total_*})
 * @param memoryMaxUsage v1's memory.max_usage_in_bytes; 0 on v2 (Docker omits it there)
 * @param blkioBytes {@code io_service_bytes_recursive} entries; {@code blkioOps}
 *     {@code io_serviced_recursive}
 * @param pidsLimit 0 = unlimited
 * @param networks interface name → counters (lo excluded); empty when none
 */
public record StatsSample(
    Instant read,
    long cpuTotal,
    List<Long> perCpu,
    long cpuUser,
    long cpuKernel,
    long systemCpu,
    int onlineCpus,
    long throttlePeriods,
    long throttledPeriods,
    long throttledTime,
    long memoryUsage,
    long memoryMaxUsage,
    long memoryLimit,
    long memoryFailcnt,
    Map<String, Long> memoryStats,
    List<BlkioEntry> blkioBytes,
    List<BlkioEntry> blkioOps,
    long pidsCurrent,
    long pidsLimit,
    Map<String, NetStats> networks,
    int cgroupVersion) {

  public record BlkioEntry(long major, long minor, String op, long value) {}

  public record NetStats(long rxBytes, long rxPackets, long rxErrors, long rxDropped,
      long txBytes, long txPackets, long txErrors, long txDropped) {}

  public static StatsSample empty(Instant at) {
    return new StatsSample(at, 0, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(),
        List.of(), List.of(), 0, 0, Map.of(), 0);
  }
}
