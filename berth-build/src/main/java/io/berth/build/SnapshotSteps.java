package io.berth.build;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.Messages;
import io.berth.image.ImageService;
import io.berth.snapshot.LayerDirs;
import io.berth.snapshot.Mounter;
import io.berth.snapshot.Snapshotter;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The snapshot work of a build: a step's layer is always the upper dir of an active snapshot
 * written out as a tar ({@link UpperLayerTar}) — the RUN container's own snapshot, or for
 * COPY/ADD a scratch snapshot ({@code build-<uuid>}) prepared on the current image, mounted,
 * written into and dropped again. Read-only views of other images serve {@code COPY --from}.
 */
final class SnapshotSteps {
  private static final String OPAQUE = "trusted.overlay.opaque";

  private final ImageService images;
  private final Snapshotter snapshots;
  private final LayerDirs layers;
  private final Mounter mounter;
  private final Syscalls sys;

  SnapshotSteps(ImageService images, Snapshotter snapshots, LayerDirs layers, Mounter mounter,
      Syscalls sys) {
    this.images = images;
    this.snapshots = snapshots;
    this.layers = layers;
    this.mounter = mounter;
    this.sys = sys;
  }

  /** Writes into a mounted root filesystem. */
  @FunctionalInterface
  interface Writer {
    void write(Path root) throws IOException;
  }

  /** A mounted source tree for COPY; closing unmounts it. */
  interface Source extends AutoCloseable {
    Path root();

    Digest image();

    @Override
    void close();

    static Source of(Path dir) {
      return new Source() {
        public Path root() {
          return dir;
        }

        public Digest image() {
          return null;
        }

        public void close() {}
      };
    }
  }

  /** The writable layer of container {@code id} (stopped) as a tar file under {@code dir}. */
  Path layerOf(String id, Path dir) throws IOException {
    return tar(layers.fsDir(id), dir);
  }

  /** A new layer on {@code parent}: whatever {@code writer} does to its mounted filesystem. */
  Path layerByCopy(Digest parent, Path dir, Writer writer) throws IOException {
    String key = "build-" + UUID.randomUUID();
    snapshots.prepare(key, topChain(parent), Map.of("berth.build", "copy"));
    try {
      Path mnt = Files.createDirectories(dir.resolve("mnt-" + key));
      mounter.mount(snapshots.mounts(key), mnt);
      try {
        writer.write(mnt);
      } finally {
        mounter.unmount(mnt);
        Files.deleteIfExists(mnt);
      }
      return tar(layers.fsDir(key), dir);
    } finally {
      snapshots.remove(key);
    }
  }

  /** A read-only view of image {@code id}, mounted under {@code dir}. */
  Source mountImage(Digest id, Path dir) throws IOException {
    String key = "build-view-" + UUID.randomUUID();
    String chain = topChain(id);
    Path mnt = Files.createDirectories(dir.resolve("mnt-" + key));
    if (chain == null) {
      return new Source() {
        public Path root() {
          return mnt;
        }

        public Digest image() {
          return id;
        }

        public void close() {}
      };
    }
    snapshots.view(key, chain, Map.of("berth.build", "view"));
    try {
      mounter.mount(snapshots.mounts(key), mnt);
    } catch (RuntimeException e) {
      snapshots.remove(key);
      throw e;
    }
    return new Source() {
      public Path root() {
        return mnt;
      }

      public Digest image() {
        return id;
      }

      public void close() {
        try {
          mounter.unmount(mnt);
        } finally {
          snapshots.remove(key);
        }
      }
    };
  }

  private String topChain(Digest image) {
    if (image == null) {
      return null;
    }
    Digest top = images.inspect(image.toString()).record().topChain();
    return top == null ? null : top.toString();
  }

  private Path tar(Path upper, Path dir) throws IOException {
    Path out = dir.resolve("layer-" + UUID.randomUUID() + ".tar");
    try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(out),
        256 * 1024)) {
      UpperLayerTar.write(upper, os, p -> isOpaque(p), layers.ids());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(out);
      throw e;
    }
    return out;
  }

  private boolean isOpaque(Path p) {
    try {
      return sys.lgetxattr(p.toString(), OPAQUE)
          .map(v -> new String(v, StandardCharsets.UTF_8).startsWith("y")).orElse(false);
    } catch (RuntimeException e) {
      throw BerthException.internal("read " + OPAQUE + " of " + p + ": " + Messages.of(e), e);
    }
  }
}
