package io.berth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Whether stdin or stdout is a terminal; replaceable so tests can pretend. */
final class Terminal {
  static BooleanSupplier stdin = () -> isTty(0);
  static BooleanSupplier stdout = () -> isTty(1);

  private Terminal() {}

  /** Linux: a terminal's file descriptor links to /dev/pts/N or /dev/ttyN. */
  private static boolean isTty(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
