package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.snapshot.Mounter;
import io.berth.snapshot.Snapshotter;
import io.berth.volume.VolumeService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The engine's side of volumes and binds over a container's life: at create, its mount points
 * (volumes created, image content copied into new empty volumes); at start, volumes mounted
 * and missing {@code -v} bind sources created; at removal, its anonymous volumes removed when
 * asked ({@code rm -v}, {@code --rm}).
 */
final class ContainerVolumes {
  private static final Logger LOG = Logger.getLogger(ContainerVolumes.class.getName());

  private final VolumeService volumes;
  private final ContainerStore store;
  private final Snapshotter snapshots;
  private final Mounter mounter;
  private final MountPlanner planner;
  private final EventBus events;

  ContainerVolumes(VolumeService volumes, ContainerStore store, Snapshotter snapshots,
      Mounter mounter, EventBus events) {
    this.events = events;
    this.volumes = volumes;
    this.store = store;
    this.snapshots = snapshots;
    this.mounter = mounter;
    this.planner = new MountPlanner(volumes, store::get);
    volumes.setUsers(this::users);
  }

  /**
   * The mount points of new container {@code id}, whose snapshot is prepared: volumes are
   * created (undone on failure) and an empty volume gets the image's content at its
   * destination, unless {@code nocopy}.
   */
  List<MountPoint> prepare(String id, ContainerConfig config, HostConfig host, Undo undo) {
    List<MountPoint> mounts = planner.plan(config, host, undo);
    List<MountPoint> copies = mounts.stream()
        .filter(m -> m.type().equals(MountPoint.VOLUME) && !m.noCopy()).toList();
    if (!copies.isEmpty()) {
      copyUp(id, copies);
    }
    return mounts;
  }

  private void copyUp(String id, List<MountPoint> copies) {
    try {
      Path scratch = store.layout().execRoot().resolve("copyup");
      Files.createDirectories(scratch);
      Path rootfs = Files.createTempDirectory(scratch, id.substring(0, 12) + "-");
      try {
        mounter.mount(snapshots.mounts(id), rootfs);
        try {
          try (ContainerRoot root = ContainerRoot.open(rootfs, Map.of())) {
            for (MountPoint m : copies) {
              Path data = volumes.mount(m.name());
              try (ContainerRoot.Found src = root.open(m.destination(), true)) {
                // a container being created has no process that could change its tree: the
                // resolved path, which has no symlink left in it, is walked by name
                if (src.fd().stat().isDirectory() && empty(data)) {
                  TreeCopy.copy(rootfs.resolve(src.path().substring(1)), data);
                }
              } catch (NoSuchFileException | NotDirectoryException absent) {
                // nothing in the image at the mount point: nothing to copy up
              }
            }
          }
        } finally {
          mounter.unmount(rootfs);
        }
      } finally {
        Files.deleteIfExists(rootfs);
      }
    } catch (IOException e) {
      throw BerthException.internal("copy image content into volume: " + e, e);
    }
  }

  private static boolean empty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /** Before a start: volumes mounted, missing {@code -v} sources made, others refused. */
  void setup(Container c) {
    for (MountPoint m : MountPlanner.mounts(c)) {
      switch (m.type()) {
        case MountPoint.VOLUME -> {
          volumes.mount(m.name());
          publish(m, "mount", Map.of("container", c.id(), "destination", m.destination(),
              "propagation", m.propagation() == null ? "" : m.propagation(),
              "read/write", Boolean.toString(m.rw())));
        }
        case MountPoint.BIND -> {
          Path src = Path.of(m.source());
          if (Files.exists(src)) {
            continue;
          }
          if (!m.createSource()) {
            throw BerthException.invalid("invalid mount config for type \"bind\": bind source"
                + " path does not exist: " + m.source());
          }
          try {
            Files.createDirectories(src);
          } catch (IOException e) {
            throw BerthException.internal("error while creating mount source path '"
                + m.source() + "': " + e, e);
          }
        }
        default -> { }
      }
    }
  }

  /** After an exit: Docker's {@code unmount} event for each of the container's volumes. */
  void unmounted(Container c) {
    for (MountPoint m : MountPlanner.mounts(c)) {
      if (m.type().equals(MountPoint.VOLUME)) {
        publish(m, "unmount", Map.of("container", c.id()));
      }
    }
  }

  private void publish(MountPoint m, String action, Map<String, String> extra) {
    Map<String, String> attrs = new java.util.HashMap<>(extra);
    attrs.put("driver", m.driver() == null || m.driver().isEmpty() ? "local" : m.driver());
    events.publish(new Event("volume", action, m.name(), attrs, java.time.Instant.now()));
  }

  /** After a removal: the container's anonymous volumes, unless another container uses them. */
  void removeAnonymous(Container c) {
    for (MountPoint m : MountPlanner.mounts(c)) {
      if (m.type().equals(MountPoint.VOLUME) && m.anonymous()) {
        try {
          volumes.remove(m.name(), true);
        } catch (BerthException.Conflict e) {
          // still used by a container that took it with --volumes-from: Docker keeps it too
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "remove volume " + m.name() + " of " + c.id(), e);
        }
      }
    }
  }

  /** Ids of the containers whose mount points name volume {@code name}. */
  List<String> users(String name) {
    return store.all().stream().filter(c -> MountPlanner.mounts(c).stream()
        .anyMatch(m -> m.type().equals(MountPoint.VOLUME) && name.equals(m.name())))
        .map(Container::id).toList();
  }
}
