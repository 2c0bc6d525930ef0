package io.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import io.berth.api.model.Json;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code run}/{@code create} flags for cgroup limits and health checks (docker's
 * {@code cli/command/container/opts.go}), written into HostConfig and Config.Healthcheck. Also
 * the flag set of {@code update} (through {@link #resources}).
 */
final class LimitOptions {
  @Option(names = "--memory-swap", paramLabel = "bytes", description = "Swap limit equal to memory plus swap: '-1' to enable unlimited swap")
  String memorySwap;
  @Option(names = "--memory-reservation", paramLabel = "bytes", description = "Memory soft limit")
  String memoryReservation;
  @Option(names = "--memory-swappiness", paramLabel = "int", description = "Tune container memory swappiness (0 to 100) (default -1)")
  Long memorySwappiness;
  @Option(names = "--kernel-memory", paramLabel = "bytes", description = "Kernel memory limit (ignored)")
  String kernelMemory;
  @Option(names = "--oom-kill-disable", description = "Disable OOM Killer")
  Boolean oomKillDisable;
  @Option(names = {"-c", "--cpu-shares"}, paramLabel = "int", description = "CPU shares (relative weight)")
  Long cpuShares;
  @Option(names = "--cpu-period", paramLabel = "int", description = "Limit CPU CFS (Completely Fair Scheduler) period")
  Long cpuPeriod;
  @Option(names = "--cpu-quota", paramLabel = "int", description = "Limit CPU CFS (Completely Fair Scheduler) quota")
  Long cpuQuota;
  @Option(names = "--cpuset-cpus", paramLabel = "string", description = "CPUs in which to allow execution (0-3, 0,1)")
  String cpusetCpus;
  @Option(names = "--cpuset-mems", paramLabel = "string", description = "MEMs in which to allow execution (0-3, 0,1)")
  String cpusetMems;
  @Option(names = "--blkio-weight", paramLabel = "uint16", description = "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)")
  Integer blkioWeight;
  @Option(names = "--blkio-weight-device", paramLabel = "list", description = "Block IO weight (relative device weight)")
  List<String> blkioWeightDevice = new ArrayList<>();
  @Option(names = "--device-read-bps", paramLabel = "list", description = "Limit read rate (bytes per second) from a device")
  List<String> deviceReadBps = new ArrayList<>();
  @Option(names = "--device-write-bps", paramLabel = "list", description = "Limit write rate (bytes per second) to a device")
  List<String> deviceWriteBps = new ArrayList<>();
  @Option(names = "--device-read-iops", paramLabel = "list", description = "Limit read rate (IO per second) from a device")
  List<String> deviceReadIops = new ArrayList<>();
  @Option(names = "--device-write-iops", paramLabel = "list", description = "Limit write rate (IO per second) to a device")
  List<String> deviceWriteIops = new ArrayList<>();
  @Option(names = "--health-cmd", paramLabel = "string", description = "Command to run to check health")
  String healthCmd;
  @Option(names = "--health-interval", paramLabel = "duration", description = "Time between running the check (ms|s|m|h) (default 0s)")
  String healthInterval;
  @Option(names = "--health-timeout", paramLabel = "duration", description = "Maximum time to allow one check to run (ms|s|m|h) (default 0s)")
  String healthTimeout;
  @Option(names = "--health-retries", paramLabel = "int", description = "Consecutive failures needed to report unhealthy")
  Integer healthRetries;
  @Option(names = "--health-start-period", paramLabel = "duration", description = "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)")
  String healthStartPeriod;
  @Option(names = "--health-start-interval", paramLabel = "duration", description = "Time between running the check during the start period (ms|s|m|h) (default 0s)")
  String healthStartInterval;
  @Option(names = "--no-healthcheck", description = "Disable any container-specified HEALTHCHECK")
  boolean noHealthcheck;

  /** Writes the limits into {@code host} and the health check into {@code config}. */
  void apply(ObjectNode config, ObjectNode host) {
    resources(host);
    ObjectNode health = healthcheck();
    if (health != null) {
      config.set("Healthcheck", health);
    }
  }

  /** The resource fields that were given, as HostConfig (or an update body) names them. */
  void resources(ObjectNode host) {
    if (memorySwap != null) {
      host.put("MemorySwap", memorySwap.equals("-1") ? -1
          : ContainerSpecs.ramInBytes(memorySwap, "--memory-swap"));
    }
    if (memoryReservation != null) {
      host.put("MemoryReservation", ContainerSpecs.ramInBytes(memoryReservation,
          "--memory-reservation"));
    }
    if (memorySwappiness != null) {
      host.put("MemorySwappiness", memorySwappiness);
    }
    if (kernelMemory != null) {
      host.put("KernelMemory", ContainerSpecs.ramInBytes(kernelMemory, "--kernel-memory"));
    }
    if (oomKillDisable != null) {
      host.put("OomKillDisable", oomKillDisable);
    }
    if (cpuShares != null) {
      host.put("CpuShares", cpuShares);
    }
    if (cpuPeriod != null) {
      host.put("CpuPeriod", cpuPeriod);
    }
    if (cpuQuota != null) {
      host.put("CpuQuota", cpuQuota);
    }
    if (cpusetCpus != null) {
      host.put("CpusetCpus", cpusetCpus);
    }
    if (cpusetMems != null) {
      host.put("CpusetMems", cpusetMems);
    }
    if (blkioWeight != null) {
      host.put("BlkioWeight", blkioWeight);
    }
    devices(host, "BlkioWeightDevice", "Weight", blkioWeightDevice, false);
    devices(host, "BlkioDeviceReadBps", "Rate", deviceReadBps, true);
    devices(host, "BlkioDeviceWriteBps", "Rate", deviceWriteBps, true);
    devices(host, "BlkioDeviceReadIOps", "Rate", deviceReadIops, false);
    devices(host, "BlkioDeviceWriteIOps", "Rate", deviceWriteIops, false);
  }

  private static void devices(ObjectNode host, String field, String key, List<String> values,
      boolean bytes) {
    if (values.isEmpty()) {
      return;
    }
    ArrayNode a = host.putArray(field);
    for (String v : values) {
      int colon = v.lastIndexOf(':');
      if (colon <= 0 || !v.startsWith("/dev/")) {
        throw new CliException("invalid argument \"" + v + "\" for \"--" + field
            + "\" flag: bad format: " + v, 125, 0);
      }
      String n = v.substring(colon + 1);
      long value;
      try {
        value = bytes ? ContainerSpecs.ramInBytes(n, field) : Long.parseLong(n);
      } catch (NumberFormatException e) {
        throw new CliException("invalid rate for device: " + v, 125, 0);
      }
      a.addObject().put("Path", v.substring(0, colon)).put(key, value);
    }
  }

  private ObjectNode healthcheck() {
    boolean any = healthCmd != null || healthInterval != null || healthTimeout != null
        || healthRetries != null || healthStartPeriod != null || healthStartInterval != null;
    if (noHealthcheck) {
      if (any) {
        throw new CliException("--no-healthcheck conflicts with --health-* options", 125, 0);
      }
      ObjectNode h = Json.MAPPER.createObjectNode();
      h.putArray("Test").add("NONE");
      return h;
    }
    if (!any) {
      return null;
    }
    ObjectNode h = Json.MAPPER.createObjectNode();
    if (healthCmd != null) {
      h.putArray("Test").add("CMD-SHELL").add(healthCmd);
    }
    h.put("Interval", nanos(healthInterval, "--health-interval"));
    h.put("Timeout", nanos(healthTimeout, "--health-timeout"));
    h.put("StartPeriod", nanos(healthStartPeriod, "--health-start-period"));
    h.put("StartInterval", nanos(healthStartInterval, "--health-start-interval"));
    h.put("Retries", healthRetries == null ? 0 : healthRetries);
    return h;
  }

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  /** A Go duration ({@code 1m30s}, {@code 500ms}) in nanoseconds; null is 0. */
  static long nanos(String text, String flag) {
    if (text == null || text.equals("0")) {
      return 0;
    }
    Matcher m = PART.matcher(text);
    double total = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double v = Double.parseDouble(m.group(1));
      total += v * switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      end = m.end();
    }
    if (end != text.length() || end == 0) {
      throw new CliException("invalid argument \"" + text + "\" for \"" + flag
          + "\" flag: time: invalid duration \"" + text + "\"", 125, 0);
    }
    return (long) total;
  }
}
