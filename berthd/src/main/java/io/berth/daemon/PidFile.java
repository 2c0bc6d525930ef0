package io.berth.daemon;

import io.berth.common.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The daemon's pid file, written at start and removed at a clean stop. */
final class PidFile {
  private PidFile() {}

  static void write(Path file) {
    AtomicFiles.writeString(file, ProcessHandle.current().pid() + "\n");
  }

  static void remove(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // best effort at shutdown
    }
  }
}
