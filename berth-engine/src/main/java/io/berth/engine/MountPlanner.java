package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.volume.Volume;
import io.berth.volume.VolumeService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A new container's mount points, in moby's order ({@code daemon/volumes.go
 * registerMountPoints}, then the image's volumes): {@code --volumes-from} first, replaced by
 * {@code -v} and {@code --mount} at the same destination (which must not repeat each other),
 * then an anonymous volume for every {@code Config.Volumes} path not mounted yet. Volumes are
 * created here: named ones on first use, anonymous ones always; each creation is pushed on the
 * undo stack so a failed create leaves none behind.
 */
final class MountPlanner {
  private final VolumeService volumes;
  private final Function<String, Container> containers;

  MountPlanner(VolumeService volumes, Function<String, Container> containers) {
    this.volumes = volumes;
    this.containers = containers;
  }

  List<MountPoint> plan(ContainerConfig config, HostConfig host, Undo undo) {
    Map<String, MountPoint> out = new LinkedHashMap<>();
    for (String from : host.volumesFrom() == null ? List.<String>of() : host.volumesFrom()) {
      String[] p = from.split(":", 2);
      String mode = p.length > 1 ? p[1] : "";
      if (!Set.of("", "ro", "rw").contains(mode)) {
        throw BerthException.invalid("invalid mode: " + mode);
      }
      for (MountPoint m : mounts(containers.apply(p[0]))) {
        out.put(clean(m.destination()), m.inherited(!mode.equals("ro")));
      }
    }
    List<MountRequest> requests = new ArrayList<>();
    for (String b : host.binds() == null ? List.<String>of() : host.binds()) {
      requests.add(MountSpecs.bind(b));
    }
    for (MountSpec m : host.mounts() == null ? List.<MountSpec>of() : host.mounts()) {
      requests.add(MountSpecs.mount(m));
    }
    Set<String> seen = new HashSet<>();
    for (MountRequest r : requests) {
      if (!seen.add(clean(r.destination()))) {
        throw BerthException.invalid("Duplicate mount point: " + clean(r.destination()));
      }
    }
    for (MountRequest r : requests) {
      out.put(clean(r.destination()), resolve(r, undo));
    }
    Map<String, Object> declared = config.volumes() == null ? Map.of() : config.volumes();
    for (String dest : declared.keySet()) {
      String d = clean(dest);
      if (!out.containsKey(d)) {
        Volume v = anonymous(Map.of(), Map.of(), undo);
        out.put(d, new MountPoint(MountPoint.VOLUME, v.name(), v.mountpoint(), d, v.driver(),
            "", true, "", true, false, false, null, false));
      }
    }
    return List.copyOf(out.values());
  }

  private MountPoint resolve(MountRequest r, Undo undo) {
    String dest = clean(r.destination());
    return switch (r.type()) {
      case MountPoint.BIND -> new MountPoint(MountPoint.BIND, null, r.source(), dest, null,
          r.mode(), r.rw(), r.propagation(), false, r.createSource(), true, null,
          r.nonRecursive());
      case MountPoint.TMPFS -> new MountPoint(MountPoint.TMPFS, null, "", dest, null, "",
          r.rw(), "", false, false, true, r.tmpfsOptions(), false);
      default -> {
        Volume v;
        boolean anonymous = r.source().isEmpty();
        if (anonymous) {
          v = anonymous(r.volumeOptions(), r.volumeLabels(), undo);
        } else {
          v = volumes.find(r.source()).orElse(null);
          if (v == null) {
            v = volumes.create(r.source(), r.driver(), r.volumeOptions(), r.volumeLabels());
            String name = v.name();
            undo.push(() -> removeQuietly(name));
          }
        }
        yield new MountPoint(MountPoint.VOLUME, v.name(), v.mountpoint(), dest, v.driver(),
            r.mode().isEmpty() ? "z" : r.mode(), r.rw(), "", anonymous, false, r.noCopy(), null,
            false);
      }
    };
  }

  private Volume anonymous(Map<String, String> options, Map<String, String> labels, Undo undo) {
    Map<String, String> l = new HashMap<>(labels);
    l.put(Volume.ANONYMOUS, "");
    Volume v = volumes.create(null, null, options, l);
    undo.push(() -> removeQuietly(v.name()));
    return v;
  }

  private void removeQuietly(String name) {
    volumes.remove(name, true);
  }

  static List<MountPoint> mounts(Container c) {
    return c.mountPoints() == null ? List.of() : c.mountPoints();
  }

  static String clean(String path) {
    String p = path.replaceAll("/+", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
