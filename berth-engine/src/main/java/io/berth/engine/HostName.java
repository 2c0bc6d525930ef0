package io.berth.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's hostname, for containers on the host's network (as {@code uname -n}). */
final class HostName {
  private HostName() {}

  static String of() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
