package io.berth.runtime.conmon;

import io.berth.sys.Fifos;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * conmon's {@code ctl} FIFO in the bundle: lines {@code "<type> <height> <width>\n"}, type 1 =
 * resize the pty, 2 = reopen the log files ({@code src/ctrl.c}, {@code src/config.h}).
 * Opening a FIFO for writing blocks until it has a reader, and in native code, where it pinned
 * a carrier thread of berthd for ever when the exec's conmon had exited (two such resizes froze
 * every virtual thread on a 2-core host): the line is offered without blocking
 * ({@link Fifos#offer}), and only while the monitor is alive.
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

  /**
   * Offers {@code line} to conmon's control FIFO: never waits for a reader (a conmon that has
   * exited has none, and a blocking open would pin a carrier thread of berthd for ever).
   */
  private static void send(Path ctl, int conmonPid, String line) {
    if (!Pids.alive(conmonPid) || !Files.exists(ctl)) {
      return; // nothing listens: the process is gone, and so is its pty
    }
    Fifos.offer(ctl, line); // advisory: a resize or reopen nobody reads is not an error
  }
}
