package io.berth.runtime.conmon;

import io.berth.common.BerthException;
import io.berth.runtime.ExitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Completes a future from conmon's exit file. conmon writes {@code <exit-dir>/<container-id>}
 * with the exit code as decimal text after the process is gone and its output drained; a
 * process killed by a signal is reported as 128+signal (conmon's {@code get_exit_status}), so
 * SIGKILL reads 137, as Docker reports it. The file outlives berthd, so a restarted berthd
 * finds the exit of a container that ended while it was down.
 *
 * <p>A poller on a virtual thread, not inotify: one stat per task every 3 ms in its first
 * second and every 50 ms after is cheap, and it also notices a monitor that died without writing the file (then the code is 255, unknown).
 */
final class ExitWatcher {
  static final int UNKNOWN_EXIT = 255;
  private static final long POLL_MS = 50;
  private static final long FAST_POLL_MS = 3;
  private static final long FAST_FOR_NANOS = 1_000_000_000L;

  private ExitWatcher() {}

  /** After a kill: the exit is expected within a second, so poll fast until then. */
  static void expectSoon(AtomicLong fastUntil) {
    fastUntil.accumulateAndGet(System.nanoTime() + FAST_FOR_NANOS, Math::max);
  }

  /** The exit recorded so far, if any. */
  static Optional<ExitStatus> read(Path exitFile, Path oomFile) {
    try {
      String text = Files.readString(exitFile).strip();
      if (text.isEmpty()) {
        return Optional.empty(); // conmon writes temp + rename, but be safe
      }
      Instant at = Files.getLastModifiedTime(exitFile).toInstant();
      int code = Integer.parseInt(text);
      return Optional.of(new ExitStatus(code < 0 ? UNKNOWN_EXIT : code, at,
          Files.exists(oomFile)));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Watches until the exit file appears, the monitor ({@code conmonPidFile}) is gone without
   * one, or {@code dir} is deleted (then the future fails with NotFound).
   */
  static CompletableFuture<ExitStatus> watch(Path dir, Path exitFile, Path oomFile,
      Path conmonPidFile) {
    return watch(dir, exitFile, oomFile, conmonPidFile, new AtomicLong());
  }

  /**
   * As above; while {@code System.nanoTime()} is before {@code fastUntil} (a kill was just
   * sent, see {@link #expectSoon}) it polls as in the first second.
   */
  static CompletableFuture<ExitStatus> watch(Path dir, Path exitFile, Path oomFile,
      Path conmonPidFile, AtomicLong fastUntil) {
    CompletableFuture<ExitStatus> future = new CompletableFuture<>();
    fastUntil.accumulateAndGet(System.nanoTime() + FAST_FOR_NANOS, Math::max);
    Thread.ofVirtual().name("exit-watch-" + dir.getFileName()).start(() -> {
      int conmonPid = 0;
      while (!future.isDone()) {
        Optional<ExitStatus> exit = read(exitFile, oomFile);
        if (exit.isPresent()) {
          future.complete(exit.get());
          return;
        }
        if (!Files.isDirectory(dir)) {
          future.completeExceptionally(BerthException.notFound("task deleted: " + dir));
          return;
        }
        conmonPid = conmonPid > 0 ? conmonPid : Pids.read(conmonPidFile);
        if (conmonPid > 0 && !Pids.alive(conmonPid)) {
          // the monitor may have written the file just before it went away
          future.complete(read(exitFile, oomFile).orElseGet(
              () -> new ExitStatus(UNKNOWN_EXIT, Instant.now(), Files.exists(oomFile))));
          return;
        }
        try {
          // short-lived containers (`run --rm true`) are noticed within a few ms; after the
          // first second, one stat per POLL_MS keeps 50 running containers cheap
          Thread.sleep(System.nanoTime() - fastUntil.get() < 0 ? FAST_POLL_MS : POLL_MS);
        } catch (InterruptedException e) {
          future.completeExceptionally(e);
          return;
        }
      }
    });
    return future;
  }
}
