package io.berth.build;

import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The layer cache: step key → the image that step made, one small file per key under
 * {@code <root>/build/cache/}. A key is the SHA-256 of the parent image ID and the step's
 * canonical text (the instruction after substitution, the build args a RUN sees, and for
 * COPY/ADD a hash of the copied files' names, types, modes and contents — never their mtimes).
 * An entry whose image was removed is a miss.
 */
final class BuildCache {
  private final Path dir;

  BuildCache(Path root) {
    this.dir = root.resolve("build").resolve("cache");
  }

  /** The key of a step on {@code parent} (null: scratch). */
  static Digest key(Digest parent, String step) {
    return Digest.sha256((parent + "\n" + step).getBytes(StandardCharsets.UTF_8));
  }

  Optional<Digest> get(Digest key) {
    Path f = dir.resolve(key.hex());
    try {
      return Files.exists(f) ? Optional.of(Digest.parse(Files.readString(f).strip()))
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  void put(Digest key, Digest image) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw BerthException.internal("write build cache entry: " + e.getMessage(), e);
    }
    AtomicFiles.write(dir.resolve(key.hex()), image.toString().getBytes(StandardCharsets.UTF_8));
  }
}
