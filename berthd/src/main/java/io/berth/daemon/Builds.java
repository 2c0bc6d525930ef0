package io.berth.daemon;

import io.berth.build.ClassicBuilder;
import io.berth.build.ContainerCommitter;
import io.berth.build.ImagePuller;
import io.berth.common.BerthException;
import io.berth.engine.ContainerService;
import io.berth.image.ImageService;
import io.berth.image.Reference;
import io.berth.snapshot.Mounter;
import io.berth.snapshot.OverlaySnapshotter;
import io.berth.sys.Syscalls;

/** Wires the classic builder: RUN steps in the engine's containers, layers in the snapshotter. */
final class Builds {
  private Builds() {}

  static ClassicBuilder builder(DaemonConfig config, ImageService images,
      OverlaySnapshotter snapshots, Syscalls sys, ContainerService containers) {
    return new ClassicBuilder(config.root(), images, snapshots, snapshots,
        new Mounter(sys), sys, new BuildContainers(containers), noPull());
  }

  static ContainerCommitter committer(DaemonConfig config, ImageService images,
      OverlaySnapshotter snapshots, Syscalls sys) {
    return new ContainerCommitter(config.root(), images, snapshots, snapshots, sys);
  }

  /** Until berth pulls, a FROM image that is not local fails as Docker's pull of it would. */
  private static ImagePuller noPull() {
    return (ref, out) -> {
      throw BerthException.notFound("pull access denied for "
          + Reference.parse(ref).familiarName() + ", repository does not exist or may require"
          + " 'docker login': berth cannot pull images yet (load it with docker load)");
    };
  }
}
