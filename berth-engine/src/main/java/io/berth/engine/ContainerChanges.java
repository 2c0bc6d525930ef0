package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.snapshot.LayerDirs;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code docker diff}: the container's writable layer (its snapshot's upper dir, keyed by the
 * container id) compared with the image's layers below it. Reads the layer directories, so it
 * works the same for running and stopped containers and mounts nothing.
 */
final class ContainerChanges {
  /**
   * What the runtime mounts over or binds into the root file system: in dockerd they are made
   * in the container's init layer, below the writable one, so {@code docker diff} never lists
   * them (moby {@code daemon/initlayer}); here the runtime makes them in the writable layer.
   */
  static final Set<String> MOUNT_POINTS = Set.of("/dev", "/proc", "/sys", "/etc/hosts",
      "/etc/hostname", "/etc/resolv.conf");

  private final ContainerStore store;
  private final Snapshotter snapshots;
  private final LayerDirs layers;

  ContainerChanges(ContainerStore store, Snapshotter snapshots, LayerDirs layers) {
    this.store = store;
    this.snapshots = snapshots;
    this.layers = layers;
  }

  List<Change> changes(String ref) {
    String id = store.get(ref).id();
    Path upper = layers.fsDir(id);
    List<Path> lowers = new ArrayList<>();
    for (String p = snapshots.stat(id).parent(); p != null; p = snapshots.stat(p).parent()) {
      lowers.add(layers.fsDir(p));
    }
    try {
      return OverlayChanges.of(upper, lowers, MOUNT_POINTS);
    } catch (IOException e) {
      throw BerthException.internal("failed to compute changes of container " + id + ": "
          + Messages.of(e), e);
    }
  }
}
