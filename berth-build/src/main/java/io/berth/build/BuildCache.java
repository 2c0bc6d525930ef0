package io.berth.build;

import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.Messages;
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

  /**
   * Why the step {@code original} on {@code parent} with key text {@code text} missed, from
   * the text recorded when this step last ran on this parent.
   */
  String explain(Digest parent, String original, String text) {
    Path f = dir.resolve("steps").resolve(stepKey(parent, original).hex());
    String old;
    try {
      old = Files.exists(f) ? Files.readString(f) : null;
    } catch (IOException e) {
      old = null;
    }
    if (old == null) {
      return parent == null ? "first build of this step" : "no earlier build of this step on "
          + parent.hex().substring(0, 12) + " (an earlier step changed, or this one is new)";
    }
    String[] was = old.split("\n", 2);
    String[] now = text.split("\n", 2);
    if (!was[0].equals(now[0])) {
      return "the step changed: " + was[0] + "  =>  " + now[0];
    }
    if (was.length > 1 && now.length > 1 && !was[1].equals(now[1])) {
      return "the image config before it changed";
    }
    return "its cached image was removed";
  }

  /** Records the key text of a step that ran, for {@link #explain}. */
  void remember(Digest parent, String original, String text) {
    Path steps = dir.resolve("steps");
    try {
      Files.createDirectories(steps);
    } catch (IOException e) {
      throw BerthException.internal("write build cache entry: " + Messages.of(e), e);
    }
    AtomicFiles.write(steps.resolve(stepKey(parent, original).hex()),
        text.getBytes(StandardCharsets.UTF_8));
  }

  private static Digest stepKey(Digest parent, String original) {
    return Digest.sha256(("step\n" + parent + "\n" + original).getBytes(StandardCharsets.UTF_8));
  }

  void put(Digest key, Digest image) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw BerthException.internal("write build cache entry: " + Messages.of(e), e);
    }
    AtomicFiles.write(dir.resolve(key.hex()), image.toString().getBytes(StandardCharsets.UTF_8));
  }
}
