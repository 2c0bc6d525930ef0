package io.berth.snapshot;

import io.berth.common.BerthException;
import io.berth.common.IdMap;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@link Snapshotter} on overlayfs, laid out as containerd's overlay snapshotter: snapshot
 * {@code n} owns {@code <root>/snapshots/<n>/fs} (its layer, or a container's upper dir),
 * {@code <n>/work} (overlay's workdir) and {@code <n>/metadata.properties}. Committed layers
 * are keyed by the name given to {@link #commit}, the layer's chain ID, so each is unpacked
 * once and shared. The key index lives in memory and is rebuilt from the metadata files on
 * construction.
 *
 * <p>Mounts carry absolute lowerdirs, which a 128-layer image under a long root pushes past
 * the kernel's one-page limit for mount options; {@link Mounter} then mounts with lowerdirs
 * relative to {@code <root>/snapshots} ({@code 17/fs}: a few bytes per layer, enough for
 * overlayfs' own maximum of 500 lowers). That makes docker's {@code l/<short-id>} symlinks
 * unnecessary.
 */
public final class OverlaySnapshotter implements Snapshotter, DiffApplier, LayerDirs {
  private final Path dir;
  private final TarLayerApplier applier;
  private final Syscalls sys;
  private final IdMap ids;
  private final Map<String, SnapshotRecord> byKey = new HashMap<>();
  private long lastId;

  public OverlaySnapshotter(Path root, Syscalls sys) {
    this(root, sys, IdMap.NONE);
  }

  /**
   * @param ids the daemon's {@code userns-remap}: layers are unpacked with their owners shifted
   *     into it, and a writable snapshot's directory belongs to its root (moby does both)
   */
  public OverlaySnapshotter(Path root, Syscalls sys, IdMap ids) {
    this.dir = root.toAbsolutePath().normalize().resolve("snapshots");
    this.applier = new TarLayerApplier(sys, ids);
    this.sys = sys;
    this.ids = ids;
    if (dir.toString().contains(",") || dir.toString().contains(":")) {
      // overlayfs splits its options on ',' and lowerdir on ':'
      throw BerthException.invalid("snapshot root must not contain ',' or ':': " + dir);
    }
    try {
      Files.createDirectories(dir);
      load();
    } catch (IOException e) {
      throw BerthException.internal("failed to load snapshots from " + dir, e);
    }
  }

  private void load() throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path d : (Iterable<Path>) entries::iterator) {
        String name = d.getFileName().toString();
        if (!name.matches("[0-9]+")) {
          continue;
        }
        lastId = Math.max(lastId, Long.parseLong(name));
        SnapshotRecord r = SnapshotRecord.read(d);
        if (r == null) {
          FileTrees.delete(d); // a prepare or remove that a crash interrupted
        } else {
          byKey.put(r.key(), r);
        }
      }
    }
  }

  @Override
  public List<Mount> prepare(String key, String parent, Map<String, String> labels) {
    return create(key, parent, labels, SnapshotInfo.Kind.ACTIVE);
  }

  @Override
  public List<Mount> view(String key, String parent, Map<String, String> labels) {
    return create(key, parent, labels, SnapshotInfo.Kind.VIEW);
  }

  private synchronized List<Mount> create(String key, String parent, Map<String, String> labels,
      SnapshotInfo.Kind kind) {
    if (key == null || key.isEmpty()) {
      throw BerthException.invalid("failed to create snapshot: empty key");
    }
    if (byKey.containsKey(key)) {
      throw BerthException.conflict("failed to create snapshot: snapshot " + key
          + " already exists");
    }
    if (parent != null) {
      SnapshotRecord p = byKey.get(parent);
      if (p == null) {
        throw BerthException.notFound("failed to create snapshot " + key + ": parent snapshot "
            + parent + " does not exist");
      }
      if (p.kind() != SnapshotInfo.Kind.COMMITTED) {
        throw BerthException.invalid("failed to create snapshot " + key + ": parent " + parent
            + " is not a committed snapshot");
      }
    }
    SnapshotRecord r = new SnapshotRecord(++lastId, key, parent, kind, labels, Instant.now());
    Path d = dir(r);
    try {
      Files.createDirectories(d.resolve("fs"));
      if (kind == SnapshotInfo.Kind.ACTIVE) {
        Files.createDirectory(d.resolve("work"));
        if (ids.remapped()) {
          sys.lchown(d.resolve("fs").toString(), ids.hostUid(0), ids.hostGid(0));
        }
      }
      r.write(d);
    } catch (IOException | RuntimeException e) {
      try {
        FileTrees.delete(d);
      } catch (IOException undo) {
        e.addSuppressed(undo);
      }
      throw BerthException.internal("failed to create snapshot " + key, e);
    }
    byKey.put(key, r);
    return mounts(r);
  }

  @Override
  public IdMap ids() {
    return ids;
  }

  @Override
  public synchronized List<Mount> mounts(String key) {
    return mounts(get(key));
  }

  private List<Mount> mounts(SnapshotRecord r) {
    String fs = dir(r).resolve("fs").toString();
    List<String> lowers = new ArrayList<>();
    for (String p = r.parent(); p != null; p = byKey.get(p).parent()) {
      lowers.add(dir(byKey.get(p)).resolve("fs").toString()); // topmost first, as overlay wants
    }
    return switch (r.kind()) {
      case COMMITTED -> throw BerthException.invalid("snapshot " + r.key()
          + " is committed: it has no mounts, create a view of it");
      case ACTIVE -> lowers.isEmpty()
          ? List.of(new Mount("bind", fs, List.of("rbind", "rw")))
          : List.of(new Mount("overlay", "overlay", List.of(
              "lowerdir=" + String.join(":", lowers), "upperdir=" + fs,
              "workdir=" + dir(r).resolve("work"))));
      case VIEW -> switch (lowers.size()) {
        case 0 -> List.of(new Mount("bind", fs, List.of("rbind", "ro")));
        case 1 -> List.of(new Mount("bind", lowers.getFirst(), List.of("rbind", "ro")));
        // overlay with lowerdirs only (at least two) is read-only by construction
        default -> List.of(new Mount("overlay", "overlay",
            List.of("lowerdir=" + String.join(":", lowers))));
      };
    };
  }

  @Override
  public synchronized void commit(String name, String key, Map<String, String> labels) {
    SnapshotRecord r = get(key);
    commit(name, r, r.parent(), labels);
  }

  @Override
  public synchronized void commitOnto(String name, String key, String parent,
      Map<String, String> labels) {
    SnapshotRecord r = get(key);
    if (r.parent() != null) {
      throw BerthException.invalid("failed to commit snapshot " + key + " onto " + parent
          + ": it was prepared on " + r.parent());
    }
    if (parent != null && get(parent).kind() != SnapshotInfo.Kind.COMMITTED) {
      throw BerthException.invalid("failed to commit snapshot " + key + ": parent " + parent
          + " is not a committed snapshot");
    }
    commit(name, r, parent, labels);
  }

  private void commit(String name, SnapshotRecord r, String parent, Map<String, String> labels) {
    String key = r.key();
    if (r.kind() != SnapshotInfo.Kind.ACTIVE) {
      throw BerthException.invalid("failed to commit snapshot " + key + ": it is not active");
    }
    if (byKey.containsKey(name)) {
      throw BerthException.conflict("failed to commit snapshot " + key + ": snapshot " + name
          + " already exists");
    }
    SnapshotRecord committed = new SnapshotRecord(r.id(), name, parent,
        SnapshotInfo.Kind.COMMITTED, labels == null ? r.labels() : labels, Instant.now());
    committed.write(dir(r));
    byKey.remove(key);
    byKey.put(name, committed);
  }

  @Override
  public synchronized void remove(String key) {
    SnapshotRecord r = get(key);
    long children = byKey.values().stream().filter(c -> key.equals(c.parent())).count();
    if (children > 0) {
      throw BerthException.conflict("failed to remove snapshot " + key + ": it has "
          + children + " child snapshot(s)");
    }
    Path d = dir(r);
    try {
      // Metadata first: a crash mid-delete leaves a directory without it, which load() sweeps.
      Files.deleteIfExists(d.resolve(SnapshotRecord.FILE));
      byKey.remove(key);
      FileTrees.delete(d);
    } catch (IOException e) {
      throw BerthException.internal("failed to remove snapshot " + key, e);
    }
  }

  @Override
  public synchronized SnapshotInfo stat(String key) {
    return get(key).info();
  }

  @Override
  public Usage usage(String key) {
    Path fs;
    synchronized (this) {
      fs = dir(get(key)).resolve("fs");
    }
    try {
      return FileTrees.usage(fs);
    } catch (IOException e) {
      throw BerthException.internal("failed to compute usage of snapshot " + key, e);
    }
  }

  @Override
  public void walk(Consumer<SnapshotInfo> fn) {
    List<SnapshotInfo> all;
    synchronized (this) {
      all = byKey.values().stream().map(SnapshotRecord::info).toList();
    }
    all.forEach(fn);
  }

  @Override
  public long apply(String activeKey, InputStream tar) {
    Path fs;
    synchronized (this) {
      SnapshotRecord r = get(activeKey);
      if (r.kind() != SnapshotInfo.Kind.ACTIVE) {
        throw BerthException.invalid("failed to apply layer to " + activeKey
            + ": snapshot is not active");
      }
      fs = dir(r).resolve("fs");
    }
    return applier.apply(fs, tar);
  }

  @Override
  public synchronized Path fsDir(String key) {
    return dir(get(key)).resolve("fs");
  }

  private SnapshotRecord get(String key) {
    SnapshotRecord r = key == null ? null : byKey.get(key);
    if (r == null) {
      throw BerthException.notFound("snapshot " + key + " does not exist");
    }
    return r;
  }

  private Path dir(SnapshotRecord r) {
    return dir.resolve(Long.toString(r.id()));
  }
}
