package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.IdMap;
import io.berth.engine.spec.ContainerUser;
import io.berth.runtime.Task;
import io.berth.snapshot.Mounter;
import io.berth.snapshot.Snapshotter;
import io.berth.sys.PathFd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The archive API ({@code docker cp}): stat, read and write paths of a container, running or
 * stopped, across its volume and bind mounts. A running container's rootfs is read at
 * {@code /proc/<pid>/root}, in its own mount namespace; a stopped one's snapshot is mounted
 * at a scratch directory for the operation, under the container's lock, as {@link ContainerExporter} does. Every path is opened inside the container by
 * {@link ContainerRoot}, one name at a time (ADR 0110).
 */
final class ContainerArchive {
  private static final int PASSWD_LIMIT = 1 << 20;

  private final ContainerStore store;
  private final ContainerLocks locks;
  private final LiveTasks tasks;
  private final Snapshotter snapshots;
  private final Mounter mounter;
  private final Layout layout;
  private final IdMap ids;

  ContainerArchive(ContainerStore store, ContainerLocks locks, LiveTasks tasks,
      Snapshotter snapshots, Mounter mounter, Layout layout, IdMap ids) {
    this.ids = ids;
    this.store = store;
    this.locks = locks;
    this.tasks = tasks;
    this.snapshots = snapshots;
    this.mounter = mounter;
    this.layout = layout;
  }

  PathStat stat(String ref, String path) {
    return with(ref, (c, root) -> {
      try (ContainerRoot.Found found = found(c, root, path, followLast(path))) {
        return stat(root, found, path);
      }
    });
  }

  /**
   * Stats {@code path}, hands the stat to {@code open} for the response head, writes the tar:
   * both from one descriptor, so the head describes what the tar holds.
   */
  void read(String ref, String path, Function<PathStat, OutputStream> open) {
    with(ref, (c, root) -> {
      try (ContainerRoot.Found found = found(c, root, path, followLast(path))) {
        PathStat st = stat(root, found, path);
        ArchiveWriter.write(root, found, st.name(), open.apply(st), ids);
      }
      return null;
    });
  }

  /** Unpacks {@code tar} into directory {@code path}; 404 absent, 400 not a directory. */
  void write(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir,
      boolean copyUidGid) {
    with(ref, (c, root) -> {
      try (ContainerRoot.Found dest = found(c, root, path, true)) {
        if (!dest.fd().stat().isDirectory()) {
          throw BerthException.invalid("extraction point is not a directory");
        }
        MountPoint mount = mountOf(c, dest.path());
        if (mount == null && c.hostConfig().readonlyRootfs() && !inTmpfs(c, dest.path())) {
          throw BerthException.invalid("container rootfs is marked read-only");
        }
        if (mount != null && !mount.rw()) {
          throw BerthException.invalid("mounted volume is marked read-only");
        }
        long[] owner = copyUidGid ? ContainerUser.ids(c.config().user(),
            root.readSmallFile("/etc/passwd", PASSWD_LIMIT),
            root.readSmallFile("/etc/group", PASSWD_LIMIT)) : null;
        new ArchiveExtractor(root, dest, noOverwriteDirNonDir, owner, ids).extract(tar);
      }
      return null;
    });
  }

  private static PathStat stat(ContainerRoot root, ContainerRoot.Found found, String path)
      throws IOException {
    PathFd.Stat st = found.fd().stat();
    String link = st.isSymlink() ? root.resolve(found.path(), true) : "";
    return new PathStat(name(path), st.size(), PathStat.goMode(st.mode()),
        Instant.ofEpochSecond(st.mtimeSeconds(), st.mtimeNanos()).toString(), link);
  }

  /** Opens {@code path} in the container; Docker's 404 when a part of it is missing. */
  private static ContainerRoot.Found found(Container c, ContainerRoot root, String path,
      boolean followLast) throws IOException {
    try {
      return root.open(path, followLast);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw notFound(c, path);
    }
  }

  private static boolean inTmpfs(Container c, String path) {
    return c.hostConfig().tmpfs() != null && c.hostConfig().tmpfs().keySet().stream()
        .anyMatch(d -> holds(MountPlanner.clean(d), path));
  }

  /** Whether clean container directory {@code dir} is {@code path} or holds it. */
  private static boolean holds(String dir, String path) {
    return path.equals(dir) || path.startsWith(dir.equals("/") ? "/" : dir + "/");
  }

  /** The deepest of the container's mounts that holds container path {@code path}. */
  private static MountPoint mountOf(Container c, String path) {
    MountPoint best = null;
    for (MountPoint m : MountPlanner.mounts(c)) {
      String d = MountPlanner.clean(m.destination());
      if (holds(d, path)
          && (best == null || d.length() > MountPlanner.clean(best.destination()).length())) {
        best = m;
      }
    }
    return best;
  }

  /** Docker's rebase name: the last element, {@code .} for {@code dir/.}, {@code /} for root. */
  static String name(String path) {
    if (path.endsWith("/.") || path.equals(".")) {
      return ".";
    }
    List<String> parts = ContainerRoot.split(path);
    return parts.isEmpty() ? "/" : parts.getLast();
  }

  /** {@code dir/} and {@code dir/.} name the directory a link points at, not the link. */
  private static boolean followLast(String path) {
    return path.endsWith("/") || path.endsWith("/.");
  }

  private static BerthException notFound(Container c, String path) {
    return BerthException.notFound("Could not find the file " + path + " in container "
        + c.name().substring(1));
  }

  private interface Op<T> {
    T run(Container c, ContainerRoot root) throws IOException;
  }

  private <T> T with(String ref, Op<T> op) {
    if (ref == null || ref.isEmpty()) {
      throw BerthException.notFound("No such container: " + ref);
    }
    String id = store.get(ref).id();
    try {
      List<T> stoppedResult = new ArrayList<>(1);
      Integer pid = locks.with(id, () -> {
        Optional<Task> task = tasks.get(id);
        if (task.isPresent()) {
          return task.get().pid();
        }
        stoppedResult.add(stopped(store.get(id), op));
        return null;
      });
      if (pid == null) {
        return stoppedResult.getFirst();
      }
      // running: work in its own mount namespace's view, outside the lock so that its exit
      // is not held up
      try (ContainerRoot root = running(id, pid)) {
        return op.run(store.get(id), root);
      }
    } catch (IOException e) {
      throw BerthException.internal("archive " + id + ": " + e, e);
    } catch (UncheckedIOException e) {
      throw BerthException.internal("archive " + id + ": " + e.getCause(), e.getCause());
    }
  }

  /**
   * {@code /proc/<pid>/root}: the container's root in its own mount namespace, its volumes,
   * binds and tmpfs mounted where it sees them. Checked again after the open, so that a pid
   * reused by another process meanwhile is never taken for the container.
   */
  private ContainerRoot running(String id, int pid) throws IOException {
    ContainerRoot root = ContainerRoot.open(Path.of("/proc/" + pid + "/root"), Map.of());
    if (tasks.get(id).map(Task::pid).orElse(-1) != pid) {
      root.close();
      throw BerthException.conflict("container " + id + " stopped during the copy");
    }
    return root;
  }

  private <T> T stopped(Container c, Op<T> op) {
    try {
      Path scratch = layout.execRoot().resolve("archive");
      Files.createDirectories(scratch);
      Path rootfs = Files.createTempDirectory(scratch, c.shortId() + "-");
      try {
        mounter.mount(snapshots.mounts(c.id()), rootfs);
        try (ContainerRoot root = ContainerRoot.open(rootfs, sources(c))) {
          return op.run(c, root);
        } finally {
          mounter.unmount(rootfs);
        }
      } finally {
        Files.deleteIfExists(rootfs);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stopped container's volumes and binds: host directories at container paths. */
  private static Map<String, Path> sources(Container c) {
    Map<String, Path> out = new HashMap<>();
    for (MountPoint m : MountPlanner.mounts(c)) {
      if (!m.type().equals(MountPoint.TMPFS)) {
        out.put(m.destination(), Path.of(m.source()));
      }
    }
    return out;
  }
}
