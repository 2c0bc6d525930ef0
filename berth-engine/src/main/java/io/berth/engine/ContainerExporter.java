package io.berth.engine;

import io.berth.common.IdMap;
import io.berth.snapshot.Mounter;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code docker export}: the container's merged filesystem as a tar. A running container's
 * rootfs is mounted already at {@code <bundle>/rootfs} and is read there. A stopped one's
 * snapshot is mounted at a scratch directory under {@code <exec-root>/export/} (never inside
 * the bundle, which teardown deletes recursively), read, and unmounted; the container's lock
 * is held meanwhile, so neither a start (which would mount the same upper dir a second time)
 * nor a removal (which would delete it) runs under the export.
 */
final class ContainerExporter {
  private final ContainerStore store;
  private final ContainerLocks locks;
  private final LiveTasks tasks;
  private final Snapshotter snapshots;
  private final IdMap ids;
  private final Mounter mounter;
  private final Layout layout;

  ContainerExporter(ContainerStore store, ContainerLocks locks, LiveTasks tasks,
      Snapshotter snapshots, Mounter mounter, Layout layout, IdMap ids) {
    this.ids = ids;
    this.store = store;
    this.locks = locks;
    this.tasks = tasks;
    this.snapshots = snapshots;
    this.mounter = mounter;
    this.layout = layout;
  }

  void export(String ref, OutputStream out) throws IOException {
    String id = store.get(ref).id();
    try {
      boolean done = locks.with(id, () -> {
        if (tasks.get(id).isPresent()) {
          return false; // running: its rootfs is mounted; read it without blocking its exit
        }
        fromSnapshot(id, out);
        return true;
      });
      if (!done) {
        TreeTar.write(layout.rootfs(id), out, ids);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void fromSnapshot(String id, OutputStream out) {
    try {
      Path scratch = layout.execRoot().resolve("export");
      Files.createDirectories(scratch);
      Path target = Files.createTempDirectory(scratch, id.substring(0, Math.min(12, id.length()))
          + "-");
      try {
        mounter.mount(snapshots.mounts(id), target);
        try {
          TreeTar.write(target, out, ids);
        } finally {
          mounter.unmount(target);
        }
      } finally {
        deleteQuietly(target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An unmount that failed leaves the directory busy; the error that matters is that one. */
  private static void deleteQuietly(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // left for a reboot to clear: exec-root lives under /run
    }
  }
}
