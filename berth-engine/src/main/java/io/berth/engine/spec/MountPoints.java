package io.berth.engine.spec;

import io.berth.common.BerthException;
import io.berth.engine.Container;
import io.berth.engine.MountPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container's mount points as the spec generator's binds and tmpfs mounts. */
final class MountPoints {
  private MountPoints() {}

  /** Volumes (their data directory) and binds, read-only unless RW. */
  static List<HostSettings.BindMount> binds(Container c) {
    return points(c).stream().filter(m -> !m.type().equals(MountPoint.TMPFS))
        .map(m -> new HostSettings.BindMount(m.source(), m.destination(), !m.rw(),
            m.propagation().isEmpty() ? null : m.propagation(), m.nonRecursive()))
        .toList();
  }

  /** {@code HostConfig.Tmpfs} plus {@code --mount type=tmpfs}, destination → options. */
  static Map<String, String> tmpfs(Container c) {
    Map<String, String> out = new LinkedHashMap<>();
    if (c.hostConfig().tmpfs() != null) {
      out.putAll(c.hostConfig().tmpfs());
    }
    for (MountPoint m : points(c)) {
      if (m.type().equals(MountPoint.TMPFS)
          && out.put(m.destination(), m.tmpfsOptions() == null ? "" : m.tmpfsOptions()) != null) {
        throw BerthException.invalid("Duplicate mount point: " + m.destination());
      }
    }
    return out;
  }

  private static List<MountPoint> points(Container c) {
    return c.mountPoints() == null ? List.of() : c.mountPoints();
  }
}
