package io.berth.daemon;

import io.berth.build.ClassicBuilder;
import io.berth.build.ContainerCommitter;
import io.berth.build.ImagePuller;
import io.berth.distribution.AuthConfig;
import io.berth.engine.ContainerService;
import io.berth.image.ImageService;
import io.berth.image.Puller;
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
        new Mounter(sys), sys, new BuildContainers(containers), pull(images));
  }

  static ContainerCommitter committer(DaemonConfig config, ImageService images,
      OverlaySnapshotter snapshots, Syscalls sys) {
    return new ContainerCommitter(config.root(), images, snapshots, snapshots, sys);
  }

  /**
   * A FROM image that is not local is pulled as {@code docker pull} would, anonymously (the
   * credentials in {@code X-Registry-Config} are not read yet); its status lines go into the
   * build output.
   */
  private static ImagePuller pull(ImageService images) {
    return (ref, out) -> {
      Reference r = Reference.parse(ref);
      images.pull(new Puller.Request(r.digest() == null ? r.withDefaultTag() : r,
          AuthConfig.ANONYMOUS, null), (id, status, current, total) -> {
            if (current < 0 && total < 0) {
              out.stream((id == null ? "" : id + ": ") + status + "\n");
            }
          });
    };
  }
}
