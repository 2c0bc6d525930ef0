package io.berth.engine.spec;

import io.berth.common.BerthException;
import io.berth.oci.runtime.Linux.DeviceRule;
import io.berth.oci.runtime.Linux.Namespace;
import io.berth.oci.runtime.RuntimeSpec.Rlimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Docker's fixed Linux settings: masked and read-only paths, device rules, namespaces, rlimits. */
final class LinuxDefaults {
  /** moby {@code oci/defaults.go}, with the later additions of {@code /sys/devices/virtual/powercap}. */
  static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore",
      "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
      "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

  static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq",
      "/proc/sys", "/proc/sysrq-trigger");

  /**
   * Deny everything, then allow what a container needs. Why more than Docker's own list: Docker
   * relies on runc adding its default allow-list (mknod anything; null, zero, full, random,
   * urandom, tty, console, ptmx, the pts, tun); written out here the spec means the same under
   * crun and runc. No deny rule may follow the wildcard mknod rules: cgroup v1's devices
   * controller cannot punch a hole in a wildcard ("cannot punch hole in existing wildcard
   * rule"), and runc then refuses to create the container.
   */
  static final List<DeviceRule> DEVICE_RULES = List.of(
      new DeviceRule(false, null, null, null, "rwm"),
      new DeviceRule(true, "c", null, null, "m"),
      new DeviceRule(true, "b", null, null, "m"),
      chr(1, 3L), chr(1, 5L), chr(1, 7L), chr(1, 8L), chr(1, 9L),
      chr(5, 0L), chr(5, 1L), chr(5, 2L), chr(136, null), chr(10, 200L));

  static final List<DeviceRule> ALL_DEVICES = List.of(new DeviceRule(true, null, null, null, "rwm"));

  private static final Set<String> RLIMITS = Set.of("as", "core", "cpu", "data", "fsize",
      "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime",
      "sigpending", "stack");

  private LinuxDefaults() {}

  /** Docker's order: mount, network, uts, pid, ipc, then cgroup; host modes leave one out. */
  static List<Namespace> namespaces(HostSettings host, SpecContext ctx) {
    List<Namespace> out = new ArrayList<>();
    out.add(new Namespace("mount", null));
    if (!ctx.hostNetwork()) {
      out.add(new Namespace("network", ctx.netnsPath()));
    }
    if (!host.utsMode().equals("host")) {
      out.add(new Namespace("uts", null));
    }
    if (!host.pidMode().equals("host")) {
      out.add(new Namespace("pid", null));
    }
    if (!host.ipcMode().equals("host")) {
      out.add(new Namespace("ipc", null));
    }
    // Why v2 only: Docker's default cgroupns mode is "private" on cgroup v2 and "host" on v1.
    if (ctx.cgroupVersion() == 2) {
      out.add(new Namespace("cgroup", null));
    }
    return out;
  }

  /**
   * Docker names → {@code RLIMIT_*}; null when there are none (Docker leaves the field out).
   *
   * @throws BerthException.InvalidArgument for an unknown name or soft above hard
   */
  static List<Rlimit> rlimits(List<HostSettings.Ulimit> ulimits) {
    List<Rlimit> out = new ArrayList<>();
    for (HostSettings.Ulimit u : ulimits) {
      String name = u.name().toLowerCase(Locale.ROOT);
      if (!RLIMITS.contains(name)) {
        throw BerthException.invalid("invalid ulimit type: " + u.name());
      }
      if (u.soft() > u.hard() && u.hard() >= 0) {
        throw BerthException.invalid("ulimit soft limit must be less than or equal to hard limit: "
            + u.soft() + " > " + u.hard());
      }
      out.add(new Rlimit("RLIMIT_" + name.toUpperCase(Locale.ROOT), u.hard(), u.soft()));
    }
    return out.isEmpty() ? null : out;
  }

  /**
   * Validates Docker's mode strings; of the container-sharing modes only PID's is supported
   * (the namespace's path is set by {@link SpecOverrides}).
   */
  static void checkModes(HostSettings host) {
    if (!host.pidMode().startsWith("container:")) {
      check("PID", host.pidMode(), Set.of("", "private", "host"));
    }
    check("IPC", host.ipcMode(), Set.of("", "private", "shareable", "host", "none"));
    check("UTS", host.utsMode(), Set.of("", "host"));
  }

  private static void check(String what, String mode, Set<String> valid) {
    if (mode.startsWith("container:")) {
      throw new BerthException.NotImplemented(what + " mode " + mode + " is not supported");
    }
    if (!valid.contains(mode)) {
      throw BerthException.invalid("invalid " + what + " mode: " + mode);
    }
  }

  private static DeviceRule chr(long major, Long minor) {
    return new DeviceRule(true, "c", major, minor, "rwm");
  }
}
