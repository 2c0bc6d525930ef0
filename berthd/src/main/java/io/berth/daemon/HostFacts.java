package io.berth.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Facts about this host read from /proc, /sys and /etc, for {@code /info} and {@code /version}. */
record HostFacts(String kernel, String osName, String osVersion, String cgroupVersion,
    int cpus, long memTotal, String hostname, boolean ipv4Forwarding, boolean swapLimit) {

  static HostFacts read() {
    Map<String, String> os = osRelease();
    return new HostFacts(
        readTrim(Path.of("/proc/sys/kernel/osrelease"), "unknown"),
        os.getOrDefault("PRETTY_NAME", "Linux"),
        os.getOrDefault("VERSION_ID", ""),
        cgroupVersion(Path.of("/sys/fs/cgroup")),
        Runtime.getRuntime().availableProcessors(),
        readMemTotal(),
        readTrim(Path.of("/proc/sys/kernel/hostname"), "localhost"),
        "1".equals(readTrim(Path.of("/proc/sys/net/ipv4/ip_forward"), "0")),
        Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"))
            || Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")));
  }

  /**
   * "2" when /sys/fs/cgroup is the unified hierarchy itself; "1" for v1 and for hybrid hosts
   * (v1 controllers with a v2 mount at /sys/fs/cgroup/unified, as on these machines).
   */
  static String cgroupVersion(Path cgroupRoot) {
    return Files.exists(cgroupRoot.resolve("cgroup.controllers")) ? "2" : "1";
  }

  static String arch() {
    String a = System.getProperty("os.arch");
    return switch (a) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> a;
    };
  }

  /** Docker's {@code Architecture} uses uname's spelling. */
  static String unameArch() {
    return switch (arch()) {
      case "amd64" -> "x86_64";
      case "arm64" -> "aarch64";
      default -> arch();
    };
  }

  private static long readMemTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          String kb = line.substring(9).trim().split("\\s+")[0];
          return Long.parseLong(kb) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static Map<String, String> osRelease() {
    Map<String, String> out = new HashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/etc/os-release"));
    } catch (IOException e) {
      return out;
    }
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^\"|\"$", ""));
      }
    }
    return out;
  }

  static String readTrim(Path p, String fallback) {
    try {
      return Files.readString(p).trim();
    } catch (IOException e) {
      return fallback;
    }
  }
}
