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
import java.nio.charset.StandardCharsets;
import java.util.Map;

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
   * A FROM image that is not local is pulled as {@code docker pull} would, with the client's
   * credentials for its registry from {@code X-Registry-Config}; the pull's status lines go
   * into the build output.
   */
  private static ImagePuller pull(ImageService images) {
    return (ref, auths, out) -> {
      Reference r = Reference.parse(ref);
      images.pull(new Puller.Request(r.digest() == null ? r.withDefaultTag() : r,
          auth(auths, r.domain()), null), (id, status, current, total) -> {
            if (current < 0 && total < 0) {
              out.stream((id == null ? "" : id + ": ") + status + "\n");
            }
          });
    };
  }

  /**
   * The credentials for {@code domain}: the docker CLI keys them by {@code host[:port]}, or
   * by Docker Hub's index URL ({@code https://index.docker.io/v1/}) for docker.io.
   */
  static AuthConfig auth(Map<String, String> auths, String domain) {
    for (Map.Entry<String, String> e : auths.entrySet()) {
      String host = e.getKey().replaceFirst("^https?://", "").replaceFirst("/.*$", "");
      if (host.equals(domain) || (domain.equals(Reference.DOCKER_IO)
          && host.equals("index.docker.io"))) {
        return AuthConfig.fromJson(e.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return AuthConfig.ANONYMOUS;
  }
}
