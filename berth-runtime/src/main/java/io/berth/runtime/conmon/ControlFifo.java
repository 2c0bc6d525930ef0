package io.berth.runtime.conmon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * conmon's {@code ctl} FIFO in the bundle: lines {@code "<type> <height> <width>\n"}, type 1 =
 * resize the pty, 2 = reopen the log files ({@code src/ctrl.c}, {@code src/config.h}).
 * Opening a FIFO for writing blocks until it has a reader; conmon keeps one open while it
 * lives, but a dead conmon would hang us, so the write runs on a virtual thread with a deadline
 * and only while the monitor is alive.
 */
final class ControlFifo {
  private static final int RESIZE = 1;
  private static final int REOPEN_LOGS = 2;

  private ControlFifo() {}

  static void resize(Path ctl, int conmonPid, int height, int width) {
    send(ctl, conmonPid, RESIZE + " " + height + " " + width + "\n");
  }

  /** Makes conmon reopen its log file (after berth renamed it away for rotation). */
  static void reopenLogs(Path ctl, int conmonPid) {
    send(ctl, conmonPid, REOPEN_LOGS + " 0 0\n");
  }

  private static void send(Path ctl, int conmonPid, String line) {
    if (!Pids.alive(conmonPid) || !Files.exists(ctl)) {
      return; // nothing listens: the process is gone, and so is its pty
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread writer = Thread.ofVirtual().start(() -> {
      try {
        Files.writeString(ctl, line, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        done.complete(null);
      } catch (IOException e) {
        done.completeExceptionally(e);
      }
    });
    try {
      done.get(2, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      writer.interrupt(); // best effort: a resize is advisory
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
