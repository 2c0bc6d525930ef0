package io.berth.daemon;

import io.berth.common.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The daemon's pid file, written at start and removed at a clean stop. */
final class PidFile {
  private PidFile() {}

  /**
   * Written through a rename so a reader never sees it half-written; not fsynced, as it lives
   * in the per-boot exec root and fsync costs tens of milliseconds of start-up on slow disks.
   */
  static void write(Path file) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(tmp, ProcessHandle.current().pid() + "\n");
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StartupException("cannot write pid file " + file + ": " + Messages.of(e), e);
    }
  }

  static void remove(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // best effort at shutdown
    }
  }
}
