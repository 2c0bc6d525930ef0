package io.berth.engine.spec;

import io.berth.common.BerthException;
import io.berth.common.IdMap;
import io.berth.oci.runtime.Linux;
import io.berth.oci.runtime.RuntimeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daemon's {@code userns-remap} in a container's spec (moby {@code daemon/oci_linux.go
 * WithNamespaces}): a new user namespace whose root is the remapped range's first id, unless
 * the container asks for {@code --userns host}. The sharing modes that a user namespace
 * cannot have are refused with dockerd's words ({@code verifyPlatformContainerSettings}).
 */
final class UserNamespace {
  private static final String PING = "net.ipv4.ping_group_range";

  private UserNamespace() {}

  /**
   * @param usernsPath the user namespace to join, made by {@link UserNamespaces} (for
   *     {@code container:<x>} networking, x's), or null for a new one
   */
  static RuntimeSpec apply(RuntimeSpec spec, IdMap ids, String usernsMode, boolean privileged,
      String networkMode, String pidMode, String usernsPath) {
    if (!ids.remapped() || "host".equals(usernsMode)) {
      return spec;
    }
    if (privileged) {
      throw BerthException.invalid("privileged mode is incompatible with user namespaces.  You"
          + " must run the container in the host namespace when running privileged mode");
    }
    if ("host".equals(networkMode)) {
      throw BerthException.invalid(
          "cannot share the host's network namespace when user namespaces are enabled");
    }
    if ("host".equals(pidMode)) {
      throw BerthException.invalid(
          "cannot share the host PID namespace when user namespaces are enabled");
    }
    Linux l = spec.linux();
    List<Linux.Namespace> namespaces = new ArrayList<>(l.namespaces());
    namespaces.add(new Linux.Namespace("user", usernsPath));
    Map<String, String> sysctl = pingGroups(l.sysctl(), ids.size());
    Linux linux = new Linux(namespaces, l.devices(), l.resources(), l.cgroupsPath(), sysctl,
        l.seccomp(), l.maskedPaths(), l.readonlyPaths(),
        List.of(new Linux.IdMapping(0, ids.hostUid(0), ids.size())),
        List.of(new Linux.IdMapping(0, ids.hostGid(0), ids.size())));
    return new RuntimeSpec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(),
        spec.mounts(), linux);
  }

  /**
   * {@code --device} nodes as bind mounts of the host's nodes: a user namespace cannot make
   * device nodes, and runc's fallback bind-mounts the host path that equals the container's,
   * so {@code --device /dev/a:/dev/b} would fail (as it does on dockerd with userns-remap).
   * The cgroup rules that allow the nodes stay.
   */
  static RuntimeSpec bindDevices(RuntimeSpec spec, Map<String, String> hostPaths) {
    Linux l = spec.linux();
    if (l.devices() == null || l.devices().isEmpty()) {
      return spec;
    }
    List<RuntimeSpec.Mount> mounts = new ArrayList<>(spec.mounts());
    List<Linux.Device> kept = new ArrayList<>();
    for (Linux.Device d : l.devices()) {
      String source = hostPaths.get(d.path());
      if (source == null) {
        kept.add(d);
      } else {
        mounts.add(new RuntimeSpec.Mount(d.path(), "bind", source, List.of("bind", "rprivate")));
      }
    }
    Linux linux = new Linux(l.namespaces(), kept, l.resources(), l.cgroupsPath(), l.sysctl(),
        l.seccomp(), l.maskedPaths(), l.readonlyPaths(), l.uidMappings(), l.gidMappings());
    return new RuntimeSpec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(),
        mounts, linux);
  }

  /** Docker's ping range narrowed to the first {@code groups} ids, the ones a namespace maps. */
  static RuntimeSpec pingGroups(RuntimeSpec spec, int groups) {
    Linux l = spec.linux();
    Map<String, String> sysctl = pingGroups(l.sysctl(), groups);
    if (sysctl == l.sysctl()) {
      return spec;
    }
    Linux linux = new Linux(l.namespaces(), l.devices(), l.resources(), l.cgroupsPath(), sysctl,
        l.seccomp(), l.maskedPaths(), l.readonlyPaths(), l.uidMappings(), l.gidMappings());
    return new RuntimeSpec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(),
        spec.mounts(), linux);
  }

  private static Map<String, String> pingGroups(Map<String, String> sysctl, long groups) {
    if (sysctl == null || !"0 2147483647".equals(sysctl.get(PING))) {
      return sysctl;
    }
    // the kernel takes only groups the namespace maps
    Map<String, String> out = new TreeMap<>(sysctl);
    out.put(PING, "0 " + (groups - 1));
    return out;
  }

  /** The groups berthd's own user namespace maps from 0 on (rootless: 1 + its subgid range). */
  static int ownGroups() {
    try {
      long top = 0;
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(
          "/proc/self/gid_map"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 3) {
          top = Math.max(top, Long.parseLong(f[0]) + Long.parseLong(f[2]));
        }
      }
      return (int) Math.min(top, Integer.MAX_VALUE);
    } catch (java.io.IOException | NumberFormatException e) {
      return 1;
    }
  }
}
