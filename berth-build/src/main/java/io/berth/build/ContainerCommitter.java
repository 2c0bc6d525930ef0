package io.berth.build;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.Messages;
import io.berth.image.Changes;
import io.berth.image.ImageCommitter;
import io.berth.image.ImageService;
import io.berth.image.Reference;
import io.berth.oci.ImageConfig;
import io.berth.snapshot.LayerDirs;
import io.berth.snapshot.Snapshotter;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code docker commit} ({@code POST /commit}): a container's writable layer (its snapshot's
 * upper dir) becomes a new layer on the container's image, with the container's config, the
 * {@code changes} (Dockerfile instructions) applied to it, and an optional name — the same
 * machinery a build's RUN step uses.
 */
public final class ContainerCommitter {
  private final Path work;
  private final ImageService images;
  private final SnapshotSteps snapshots;

  /** @param root the daemon's {@code --root}; layer tars are written under {@code build/tmp} */
  public ContainerCommitter(Path root, ImageService images, Snapshotter snapshots,
      LayerDirs layers, Syscalls sys) {
    this.work = root.resolve("build").resolve("tmp");
    this.images = images;
    this.snapshots = new SnapshotSteps(images, snapshots, layers, null, sys);
  }

  /**
   * What to commit.
   *
   * @param containerId the container, whose writable snapshot has the same key
   * @param image the container's image ID
   * @param config the container's config as the image's run config
   * @param command the container's command, for the history entry
   * @param containerConfig the container's whole {@code Config}, recorded in the image as
   *     dockerd does ({@code container_config})
   */
  public record Request(String containerId, String image, ImageConfig.RunConfig config,
      List<String> command, List<String> changes, String comment, String author, String repo,
      String tag, com.fasterxml.jackson.databind.JsonNode containerConfig) {}

  /** The new image's name from {@code repo} and {@code tag}, without a default tag; null for none. */
  public static Reference name(String repo, String tag) {
    if (repo == null || repo.isEmpty()) {
      return null;
    }
    Reference ref = Reference.parse(repo);
    return tag == null || tag.isEmpty() ? ref : ref.withTag(tag);
  }

  /** Commits; returns the new image's ID. */
  public Digest commit(Request r) {
    Reference ref = name(r.repo(), r.tag());
    if (ref != null) {
      ref = ref.withDefaultTag();
    }
    ImageConfig.RunConfig config = Changes.apply(r.config(),
        r.changes() == null ? List.of() : r.changes());
    Path dir = work.resolve("commit-" + UUID.randomUUID());
    try {
      Files.createDirectories(dir);
      Path layer = snapshots.layerOf(r.containerId(), dir);
      Digest id = images.commit(new ImageCommitter.Commit(Digest.parse(r.image()), layer, config,
          String.join(" ", r.command()), r.comment() == null || r.comment().isEmpty() ? null
              : r.comment(), r.author() == null || r.author().isEmpty() ? null : r.author(),
          Instant.now().toString(), r.containerId(), r.containerConfig()));
      if (ref != null) {
        images.tag(id.toString(), ref.name(), ref.tag());
      }
      return id;
    } catch (IOException e) {
      throw BerthException.internal("commit container " + r.containerId() + ": "
          + Messages.of(e), e);
    } finally {
      ScratchDirs.deleteTree(dir);
    }
  }
}
