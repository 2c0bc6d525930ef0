package io.berth.engine.spec;

import io.berth.common.BerthException;
import io.berth.oci.runtime.RuntimeSpec.Mount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mount list, in Docker's order (moby {@code daemon/oci_linux.go WithMounts}): the default
 * mounts (minus any a user mount replaces, minus everything under /dev when /dev is replaced),
 * the init binary, then the container's own mounts — /etc files, binds, tmpfs — sorted by the
 * depth of their destination so that a parent is mounted before its children.
 */
final class Mounts {
  /** Why not "ro" on these under a read-only rootfs: Docker leaves them writable (WithMounts). */
  private static final Set<String> KEEP_WRITABLE = Set.of("/proc", "/dev", "/dev/pts",
      "/dev/shm", "/dev/mqueue");

  private Mounts() {}

  static List<Mount> build(ContainerSpecInput in, boolean initMounted) {
    HostSettings host = in.host();
    SpecContext ctx = in.context();
    List<Mount> own = new ArrayList<>();
    boolean etcWritable = !host.readonlyRootfs();
    addFile(own, ctx.resolvConfPath(), "/etc/resolv.conf", etcWritable);
    addFile(own, ctx.hostnamePath(), "/etc/hostname", etcWritable);
    addFile(own, ctx.hostsPath(), "/etc/hosts", etcWritable);
    switch (host.ipcMode()) {
      case "host" -> own.add(bind("/dev/shm", "/dev/shm", false, "rprivate", false));
      case "shareable" -> {
        if (ctx.shmHostPath() != null) {
          own.add(bind(ctx.shmHostPath(), "/dev/shm", false, "rprivate", false));
        }
      }
      default -> { }
    }
    Set<String> userDestinations = new HashSet<>();
    for (HostSettings.BindMount m : host.mounts()) {
      if (!userDestinations.add(clean(m.destination()))) {
        throw BerthException.invalid("Duplicate mount point: " + m.destination());
      }
      own.add(bind(m.source(), clean(m.destination()), m.readOnly(), m.propagation(),
          m.nonRecursive()));
    }
    for (Map.Entry<String, String> t : new TreeMap<>(host.tmpfs()).entrySet()) {
      if (!userDestinations.add(clean(t.getKey()))) {
        throw BerthException.invalid("Duplicate mount point: " + t.getKey());
      }
      List<String> options = new ArrayList<>(List.of("noexec", "nosuid", "nodev", "rprivate"));
      options.addAll(Arrays.asList(t.getValue().split(",")));
      own.add(new Mount(clean(t.getKey()), "tmpfs", "tmpfs", TmpfsOptions.merge(options)));
    }
    own.sort(Comparator.comparingInt(m -> depth(m.destination())));

    Set<String> replaced = new HashSet<>();
    own.forEach(m -> replaced.add(m.destination()));
    boolean devReplaced = replaced.contains("/dev");
    List<Mount> out = new ArrayList<>();
    for (Mount m : defaults(host.shmSize())) {
      if (replaced.contains(m.destination()) || devReplaced && m.destination().startsWith("/dev/")
          || m.destination().equals("/dev/shm") && host.ipcMode().equals("none")) {
        continue;
      }
      out.add(host.readonlyRootfs() && !KEEP_WRITABLE.contains(m.destination())
          ? withOption(m, "ro") : m);
    }
    if (initMounted) {
      out.add(new Mount(ctx.initPath(), "bind", ctx.initHostPath(), List.of("bind", "ro")));
    }
    if (host.privileged()) {
      // Why: privileged containers may write /sys and the cgroup tree, as in Docker.
      out.replaceAll(m -> m.destination().equals("/sys") || m.type().equals("cgroup")
          ? new Mount(m.destination(), m.type(), m.source(),
              m.options().stream().filter(o -> !o.equals("ro")).toList())
          : m);
    }
    out.addAll(own);
    return List.copyOf(out);
  }

  /** Docker's default mounts (moby {@code oci/defaults.go}), /dev/shm sized in bytes. */
  static List<Mount> defaults(long shmSize) {
    long shm = shmSize > 0 ? shmSize : HostSettings.DEFAULT_SHM_SIZE;
    return List.of(
        new Mount("/proc", "proc", "proc", List.of("rw", "nosuid", "noexec", "nodev")),
        new Mount("/dev", "tmpfs", "tmpfs", List.of("rw", "nosuid", "strictatime", "mode=755", "size=65536k")),
        new Mount("/dev/pts", "devpts", "devpts", List.of("rw", "nosuid", "noexec", "newinstance",
            "ptmxmode=0666", "mode=0620", "gid=5")),
        new Mount("/sys", "sysfs", "sysfs", List.of("ro", "nosuid", "noexec", "nodev")),
        new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("ro", "nosuid", "noexec", "nodev")),
        new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("rw", "nosuid", "noexec", "nodev")),
        new Mount("/dev/shm", "tmpfs", "shm", List.of("rw", "nosuid", "noexec", "nodev", "mode=1777",
            "size=" + shm)));
  }

  private static void addFile(List<Mount> mounts, String source, String dest, boolean writable) {
    if (source != null) {
      mounts.add(bind(source, dest, !writable, "rprivate", false));
    }
  }

  private static Mount bind(String source, String dest, boolean readOnly, String propagation,
      boolean nonRecursive) {
    List<String> options = new ArrayList<>();
    options.add(nonRecursive ? "bind" : "rbind");
    if (readOnly) {
      options.add("ro");
    }
    options.add(propagation == null || propagation.isEmpty() ? "rprivate" : propagation);
    return new Mount(dest, "bind", source, List.copyOf(options));
  }

  private static Mount withOption(Mount m, String option) {
    if (m.options().contains(option)) {
      return m;
    }
    List<String> options = new ArrayList<>(m.options());
    options.add(option);
    return new Mount(m.destination(), m.type(), m.source(), List.copyOf(options));
  }

  /** Collapses "//" and a trailing "/"; "." and ".." are left to the runtime's checks. */
  static String clean(String path) {
    String p = path.replaceAll("/+", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static int depth(String path) {
    return (int) path.chars().filter(c -> c == '/').count();
  }
}
