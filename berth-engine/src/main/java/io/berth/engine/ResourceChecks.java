package io.berth.engine;

import io.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks and adapts a container's resource settings as moby's
 * {@code daemon/daemon_unix.go verifyPlatformContainerResources} and
 * {@code adaptContainerSettings} do: impossible values are 400 with Docker's text; what this
 * host cannot do is dropped with a warning (returned to the client in {@code Warnings}).
 */
final class ResourceChecks {
  private static final long MIN_MEMORY = 6 * 1024 * 1024;

  private ResourceChecks() {}

  /** The adapted host config and the warnings. */
  record Result(HostConfig hostConfig, List<String> warnings) {}

  static Result adapt(HostConfig h, CgroupHost host, boolean update) {
    ResourceConfig r = ResourceConfig.of(h);
    List<String> warnings = new ArrayList<>();
    long memory = n(r.memory());
    long swap = n(r.memorySwap());
    long reservation = n(r.memoryReservation());
    if (memory > 0 && memory < MIN_MEMORY) {
      throw BerthException.invalid("Minimum memory limit allowed is 6MB");
    }
    if (memory > 0 && swap > 0 && swap < memory) {
      throw BerthException.invalid("Minimum memoryswap limit should be larger than memory"
          + " limit, see usage");
    }
    if (memory == 0 && swap > 0 && !update) {
      throw BerthException.invalid("You should always set the Memory limit when using"
          + " Memoryswap limit, see usage");
    }
    if (reservation > 0 && reservation < MIN_MEMORY) {
      throw BerthException.invalid("Minimum memory reservation allowed is 6MB");
    }
    if (memory > 0 && reservation > 0 && memory < reservation) {
      throw BerthException.invalid("Minimum memory limit can not be less than memory"
          + " reservation limit, see usage");
    }
    Long swappiness = r.memorySwappiness();
    if (swappiness != null && swappiness != -1 && (swappiness < 0 || swappiness > 100)) {
      throw BerthException.invalid("Invalid value: " + swappiness
          + ", valid memory swappiness range is 0-100");
    }
    ResourceConfig.Builder out = new ResourceConfig.Builder();
    if (n(r.kernelMemory()) != 0) {
      warnings.add("Specifying a kernel memory limit is deprecated and will be removed in a"
          + " future release.");
      out.kernelMemory = 0L;
    }
    if (memory > 0 && swap == 0 && !update) {
      // Docker's default: as much swap as memory
      out.memorySwap = host.swapLimit() ? memory * 2 : -1L;
    }
    if (swap != 0 && !host.swapLimit()) {
      warnings.add("Your kernel does not support swap limit capabilities or the cgroup is not"
          + " mounted. Memory limited without swap.");
      out.memorySwap = -1L;
    }
    if (swappiness != null && swappiness != -1 && host.version() == 2) {
      warnings.add("Your kernel does not support memory swappiness capabilities or the cgroup"
          + " is not mounted. Memory swappiness discarded.");
      out.memorySwappiness = -1L;
    }
    if (Boolean.TRUE.equals(r.oomKillDisable())) {
      if (host.version() == 2) {
        warnings.add("Your kernel does not support OomKillDisable. OomKillDisable discarded.");
        out.oomKillDisable = false;
      } else if (memory == 0) {
        warnings.add("OOM killer is disabled for the container, but no memory limit is set,"
            + " this can result in the system running out of resources.");
      }
    }
    long nano = n(r.nanoCpus());
    if (nano > 0 && (n(r.cpuPeriod()) != 0 || n(r.cpuQuota()) != 0)) {
      throw BerthException.invalid(n(r.cpuPeriod()) != 0
          ? "Conflicting options: Nano CPUs and CPU Period cannot both be set"
          : "Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    }
    if (nano < 0 || nano > host.cpus() * 1_000_000_000L) {
      throw BerthException.invalid("Range of CPUs is from 0.01 to " + host.cpus()
          + ".00, as there are only " + host.cpus() + " CPUs available");
    }
    long period = n(r.cpuPeriod());
    if (period != 0 && (period < 1000 || period > 1_000_000)) {
      throw BerthException.invalid("CPU cfs period can not be less than 1ms (i.e. 1000) or"
          + " larger than 1s (i.e. 1000000)");
    }
    if (n(r.cpuQuota()) > 0 && n(r.cpuQuota()) < 1000) {
      throw BerthException.invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
    }
    if (n(r.cpuShares()) < 0) {
      throw BerthException.invalid("invalid CPU shares (" + r.cpuShares()
          + "): value must be a positive integer");
    }
    cpuset("cpus", r.cpusetCpus(), host.cpus());
    int weight = r.blkioWeight() == null ? 0 : r.blkioWeight();
    if (weight > 0 && (weight < 10 || weight > 1000)) {
      throw BerthException.invalid("Range of blkio weight is from 10 to 1000");
    }
    HostConfig adapted = out.isEmpty() ? h : out.build().applyTo(h);
    if (!host.limits()) {
      Result none = NoCgroupLimits.discard(h);
      return new Result(none.hostConfig(), none.warnings());
    }
    ResourceConfig.of(adapted).limits(); // device paths must resolve now, not at start
    return new Result(adapted, List.copyOf(warnings));
  }

  /** Checks a cpuset list ({@code 0-2,4}) against the CPUs this host has. */
  private static void cpuset(String what, String list, int cpus) {
    if (list == null || list.isEmpty()) {
      return;
    }
    for (String part : list.split(",")) {
      String[] range = part.split("-", 2);
      try {
        for (String n : range) {
          if (Integer.parseInt(n.strip()) >= cpus) {
            throw BerthException.invalid("Requested CPUs are not available - requested "
                + list + ", available: " + (cpus == 1 ? "0" : "0-" + (cpus - 1)));
          }
        }
      } catch (NumberFormatException e) {
        throw BerthException.invalid("Invalid value " + list + " for " + what);
      }
    }
  }

  private static long n(Long v) {
    return v == null ? 0 : v;
  }
}
