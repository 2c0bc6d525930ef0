package io.berth.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a container's counters from cgroupfs, v1 (cpuacct, cpu, memory, blkio, pids
 * controllers) or v2 (cpu.stat, memory.*, io.stat, pids.*), the files moby's
 * {@code daemon/stats_unix.go} reads through containerd's cgroups package; network counters
 * from {@code /proc/<pid>/net/dev}, which shows the container's network namespace.
 */
final class CgroupStats {
  /** USER_HZ: /proc/stat and cpuacct.stat count in 1/100 s. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final CgroupHost host;
  private final Path proc;
  private final long hostMemory;

  CgroupStats(CgroupHost host, Path proc) {
    this.host = host;
    this.proc = proc;
    this.hostMemory = memTotal(proc);
  }

  StatsSample read(String cgroupsPath, int pid) {
    Instant now = Instant.now();
    Map<String, StatsSample.NetStats> nets = pid > 0 ? networks(proc.resolve(pid + "/net/dev"))
        : Map.of();
    long system = systemCpu();
    int cpus = host.cpus();
    return host.version() == 2 ? v2(now, host.dir("", cgroupsPath), system, cpus, nets)
        : v1(now, cgroupsPath, system, cpus, nets);
  }

  private StatsSample v1(Instant now, String path, long system, int cpus,
      Map<String, StatsSample.NetStats> nets) {
    Path cpuacct = host.dir("cpuacct", path);
    Path cpu = host.dir("cpu", path);
    Path mem = host.dir("memory", path);
    Path blkio = host.dir("blkio", path);
    Path pids = host.dir("pids", path);
    Map<String, Long> acct = keyed(cpuacct.resolve("cpuacct.stat"));
    Map<String, Long> cpuStat = keyed(cpu.resolve("cpu.stat"));
    List<Long> perCpu = new ArrayList<>();
    for (String v : read(cpuacct.resolve("cpuacct.usage_percpu")).split("\\s+")) {
      if (!v.isEmpty()) {
        perCpu.add(Long.parseLong(v));
      }
    }
    List<StatsSample.BlkioEntry> bytes = blkio(blkio.resolve("blkio.io_service_bytes_recursive"));
    if (bytes.isEmpty()) {
      bytes = blkio(blkio.resolve("blkio.throttle.io_service_bytes_recursive"));
    }
    List<StatsSample.BlkioEntry> ops = blkio(blkio.resolve("blkio.io_serviced_recursive"));
    if (ops.isEmpty()) {
      ops = blkio(blkio.resolve("blkio.throttle.io_serviced_recursive"));
    }
    return new StatsSample(now, number(cpuacct.resolve("cpuacct.usage")), perCpu,
        acct.getOrDefault("user", 0L) * NANOS_PER_TICK,
        acct.getOrDefault("system", 0L) * NANOS_PER_TICK, system, cpus,
        cpuStat.getOrDefault("nr_periods", 0L), cpuStat.getOrDefault("nr_throttled", 0L),
        cpuStat.getOrDefault("throttled_time", 0L),
        number(mem.resolve("memory.usage_in_bytes")),
        number(mem.resolve("memory.max_usage_in_bytes")),
        limit(number(mem.resolve("memory.limit_in_bytes"))),
        number(mem.resolve("memory.failcnt")), keyed(mem.resolve("memory.stat")), bytes, ops,
        number(pids.resolve("pids.current")), number(pids.resolve("pids.max")), nets, 1);
  }

  private StatsSample v2(Instant now, Path dir, long system, int cpus,
      Map<String, StatsSample.NetStats> nets) {
    Map<String, Long> cpuStat = keyed(dir.resolve("cpu.stat"));
    List<StatsSample.BlkioEntry> bytes = new ArrayList<>();
    List<StatsSample.BlkioEntry> ops = new ArrayList<>();
    for (String line : read(dir.resolve("io.stat")).split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 2 || !f[0].contains(":")) {
        continue;
      }
      String[] mm = f[0].split(":");
      long major = Long.parseLong(mm[0]);
      long minor = Long.parseLong(mm[1]);
      for (int i = 1; i < f.length; i++) {
        String[] kv = f[i].split("=", 2);
        long v = kv.length == 2 ? parse(kv[1]) : 0;
        switch (kv[0]) {
          case "rbytes" -> bytes.add(new StatsSample.BlkioEntry(major, minor, "read", v));
          case "wbytes" -> bytes.add(new StatsSample.BlkioEntry(major, minor, "write", v));
          case "rios" -> ops.add(new StatsSample.BlkioEntry(major, minor, "read", v));
          case "wios" -> ops.add(new StatsSample.BlkioEntry(major, minor, "write", v));
          default -> { }
        }
      }
    }
    return new StatsSample(now, cpuStat.getOrDefault("usage_usec", 0L) * 1000, List.of(),
        cpuStat.getOrDefault("user_usec", 0L) * 1000,
        cpuStat.getOrDefault("system_usec", 0L) * 1000, system, cpus,
        cpuStat.getOrDefault("nr_periods", 0L), cpuStat.getOrDefault("nr_throttled", 0L),
        cpuStat.getOrDefault("throttled_usec", 0L) * 1000,
        number(dir.resolve("memory.current")), 0, limit(number(dir.resolve("memory.max"))),
        keyed(dir.resolve("memory.events")).getOrDefault("max", 0L),
        keyed(dir.resolve("memory.stat")), bytes, ops, number(dir.resolve("pids.current")),
        number(dir.resolve("pids.max")), nets, 2);
  }

  /** Docker reports the host's memory when the cgroup's limit is larger (unlimited). */
  private long limit(long cgroupLimit) {
    return cgroupLimit <= 0 || hostMemory > 0 && cgroupLimit > hostMemory ? hostMemory
        : cgroupLimit;
  }

  /** The host's busy + idle time (user … steal) from /proc/stat's first line, in ns. */
  private long systemCpu() {
    for (String line : read(proc.resolve("stat")).split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] f = line.split("\\s+");
        long sum = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
          sum += parse(f[i]);
        }
        return sum * NANOS_PER_TICK;
      }
    }
    return 0;
  }

  static Map<String, StatsSample.NetStats> networks(Path netDev) {
    Map<String, StatsSample.NetStats> out = new LinkedHashMap<>();
    String[] lines = read(netDev).split("\n");
    for (int i = 2; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).strip();
      String[] f = lines[i].substring(colon + 1).strip().split("\\s+");
      if (name.equals("lo") || f.length < 16) {
        continue;
      }
      out.put(name, new StatsSample.NetStats(parse(f[0]), parse(f[1]), parse(f[2]),
          parse(f[3]), parse(f[8]), parse(f[9]), parse(f[10]), parse(f[11])));
    }
    return out;
  }

  /** {@code 8:0 Read 4096} lines; the trailing {@code Total} line has no device. */
  private static List<StatsSample.BlkioEntry> blkio(Path file) {
    List<StatsSample.BlkioEntry> out = new ArrayList<>();
    for (String line : read(file).split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length != 3 || !f[0].contains(":")) {
        continue;
      }
      String[] mm = f[0].split(":");
      out.add(new StatsSample.BlkioEntry(Long.parseLong(mm[0]), Long.parseLong(mm[1]), f[1],
          parse(f[2])));
    }
    return out;
  }

  /** {@code key value} lines (memory.stat, cpu.stat, cpuacct.stat). */
  private static Map<String, Long> keyed(Path file) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String line : read(file).split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length == 2) {
        out.put(f[0], parse(f[1]));
      }
    }
    return out;
  }

  /** One number; {@code max} (unlimited) and unreadable files are 0. */
  private static long number(Path file) {
    return parse(read(file).strip());
  }

  private static long parse(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static long memTotal(Path proc) {
    for (String line : read(proc.resolve("meminfo")).split("\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("memtotal:")) {
        String[] f = line.split("\\s+");
        return parse(f[1]) * 1024;
      }
    }
    return 0;
  }
}
