package io.berth.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Temp file + fsync + rename + directory fsync, for every metadata write (as containerd's
 * content writer and moby's atomicwriter do): a crash leaves either the old or the new file.
 * {@link #replace} is the same without the two fsyncs, for files that are made again before
 * they are used (a bundle's config.json, a container's hosts) or that describe what a host
 * crash ends anyway (a running state): a crash of berthd alone still leaves old or new, only
 * a crash of the host may leave an empty file, and nothing promised to the user is in it.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Replaces {@code target} with {@code data}, durably. */
  public static void write(Path target, byte[] data) {
    write(target, data, true);
  }

  /** Replaces {@code target} with {@code data} by a rename, without fsync (see above). */
  public static void replace(Path target, byte[] data) {
    write(target, data, false);
  }

  public static void replaceString(Path target, String text) {
    replace(target, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path target, byte[] data, boolean durable) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid()
        + "-" + Thread.currentThread().threadId());
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (durable) {
          ch.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      if (durable) {
        fsyncDirectory(dir);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the write already failed; the temp file is best effort
      }
      throw new UncheckedIOException("write " + target, e);
    }
  }

  public static void writeString(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Makes a rename or a new entry in {@code dir} durable. */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
