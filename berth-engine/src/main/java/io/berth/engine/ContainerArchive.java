package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.engine.spec.ContainerUser;
import io.berth.runtime.Task;
import io.berth.snapshot.Mounter;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The archive API ({@code docker cp}): stat, read and write paths of a container, running or
 * stopped, across its volume and bind mounts. A running container's rootfs is read at
 * {@code <bundle>/rootfs} and its tmpfs mounts through {@code /proc/<pid>/root}; a stopped
 * one's snapshot is mounted at a scratch directory for the operation, under the container's
 * lock, as {@link ContainerExporter} does. Every path is resolved inside the container by
 * {@link ContainerFs}.
 */
final class ContainerArchive {
  private final ContainerStore store;
  private final ContainerLocks locks;
  private final LiveTasks tasks;
  private final Snapshotter snapshots;
  private final Mounter mounter;
  private final Layout layout;

  ContainerArchive(ContainerStore store, ContainerLocks locks, LiveTasks tasks,
      Snapshotter snapshots, Mounter mounter, Layout layout) {
    this.store = store;
    this.locks = locks;
    this.tasks = tasks;
    this.snapshots = snapshots;
    this.mounter = mounter;
    this.layout = layout;
  }

  PathStat stat(String ref, String path) {
    return with(ref, (c, fs) -> stat(c, fs, path));
  }

  /** Stats {@code path}, hands the stat to {@code open} for the response head, writes the tar. */
  void read(String ref, String path, Function<PathStat, OutputStream> open) {
    with(ref, (c, fs) -> {
      PathStat st = stat(c, fs, path);
      try {
        ArchiveWriter.write(fs, fs.resolve(path, followLast(path)), st.name(), open.apply(st));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return null;
    });
  }

  /** Unpacks {@code tar} into directory {@code path}; 404 absent, 400 not a directory. */
  void write(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir,
      boolean copyUidGid) {
    with(ref, (c, fs) -> {
      String dest = fs.resolve(path, true);
      Path host = fs.host(dest);
      if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
        throw notFound(c, path);
      }
      if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
        throw BerthException.invalid("extraction point is not a directory");
      }
      ContainerFs.Mount mount = fs.mountOf(dest);
      if (mount == null && c.hostConfig().readonlyRootfs()) {
        throw BerthException.invalid("container rootfs is marked read-only");
      }
      if (mount != null && mount.readOnly()) {
        throw BerthException.invalid("mounted volume is marked read-only");
      }
      long[] owner = copyUidGid ? ContainerUser.ids(c.config().user(),
          read(fs, "/etc/passwd"), read(fs, "/etc/group")) : null;
      try {
        new ArchiveExtractor(fs, dest, noOverwriteDirNonDir, owner).extract(tar);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return null;
    });
  }

  private PathStat stat(Container c, ContainerFs fs, String path) {
    String resolved = fs.resolve(path, followLast(path));
    Path host = fs.host(resolved);
    Map<String, Object> a;
    try {
      a = Files.readAttributes(host, "unix:mode,size,lastModifiedTime",
          LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw notFound(c, path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int mode = (Integer) a.get("mode");
    String link = (mode & 0170000) == 0120000 ? fs.resolve(resolved, true) : "";
    return new PathStat(name(path), (Long) a.get("size"), PathStat.goMode(mode),
        ((FileTime) a.get("lastModifiedTime")).toInstant().toString(), link);
  }

  /** Docker's rebase name: the last element, {@code .} for {@code dir/.}, {@code /} for root. */
  static String name(String path) {
    if (path.endsWith("/.") || path.equals(".")) {
      return ".";
    }
    List<String> parts = ContainerFs.split(path);
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

  private static String read(ContainerFs fs, String file) {
    Path p = fs.host(fs.resolve(file, true));
    try {
      return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private interface Op<T> {
    T run(Container c, ContainerFs fs);
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
      // running: its rootfs is mounted; work outside the lock so that its exit is not held up
      Container c = store.get(id);
      return op.run(c, new ContainerFs(layout.rootfs(id), mounts(c, pid)));
    } catch (UncheckedIOException e) {
      throw BerthException.internal("archive " + id + ": " + e.getCause(), e.getCause());
    }
  }

  private <T> T stopped(Container c, Op<T> op) {
    try {
      Path scratch = layout.execRoot().resolve("archive");
      Files.createDirectories(scratch);
      Path rootfs = Files.createTempDirectory(scratch, c.shortId() + "-");
      try {
        mounter.mount(snapshots.mounts(c.id()), rootfs);
        try {
          return op.run(c, new ContainerFs(rootfs, mounts(c, 0)));
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

  /** Volumes and binds at their sources; tmpfs (running only) through the task's root. */
  private static List<ContainerFs.Mount> mounts(Container c, int pid) {
    List<ContainerFs.Mount> out = new ArrayList<>();
    for (MountPoint m : MountPlanner.mounts(c)) {
      if (!m.type().equals(MountPoint.TMPFS)) {
        out.add(new ContainerFs.Mount(m.destination(), Path.of(m.source()), !m.rw()));
      } else if (pid > 0) {
        out.add(procRoot(pid, m.destination(), !m.rw()));
      }
    }
    if (pid > 0 && c.hostConfig().tmpfs() != null) {
      c.hostConfig().tmpfs().keySet().forEach(d -> out.add(procRoot(pid, d, false)));
    }
    return out;
  }

  private static ContainerFs.Mount procRoot(int pid, String dest, boolean readOnly) {
    return new ContainerFs.Mount(dest, Path.of("/proc/" + pid + "/root" + dest), readOnly);
  }
}
