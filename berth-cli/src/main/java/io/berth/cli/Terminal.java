package io.berth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Whether stdin or stdout is a terminal, its size, and raw mode; replaceable so tests can
 * pretend. Java cannot call tcsetattr, so raw mode is {@code stty} on {@code /dev/tty}.
 */
final class Terminal {
  static BooleanSupplier stdin = () -> isTty(0);
  static BooleanSupplier stdout = () -> isTty(1);
  /** Enters raw mode and returns what restores it; tests replace it with a no-op. */
  static java.util.function.Supplier<AutoCloseable> rawMode = Terminal::raw;

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

  /** {@code [height, width]} of the controlling terminal, or null when there is none. */
  static int[] size() {
    String s = stty("size");
    if (s == null) {
      return null;
    }
    String[] hw = s.trim().split("\\s+");
    try {
      return hw.length == 2 ? new int[] {Integer.parseInt(hw[0]), Integer.parseInt(hw[1])} : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Puts the terminal in raw mode without echo (docker's term.SetRawTerminal) and returns what
   * restores it; restoring is also a shutdown hook, so an exit on any path leaves the terminal
   * usable.
   */
  static AutoCloseable raw() {
    String saved = stty("-g");
    if (saved == null || stty("raw -echo") == null) {
      return () -> { };
    }
    Thread hook = new Thread(() -> stty(saved.trim()));
    Runtime.getRuntime().addShutdownHook(hook);
    return () -> {
      stty(saved.trim());
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook restores
      }
    };
  }

  /** Runs {@code stty ARGS < /dev/tty}; its output, or null if it failed. */
  private static String stty(String args) {
    try {
      Process p = new ProcessBuilder("/bin/sh", "-c", "stty " + args + " < /dev/tty")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
