package io.berth.engine;

import io.berth.common.Messages;
import io.berth.runtime.LogEntry;
import io.berth.runtime.log.K8sFileLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;

/**
 * {@link LogSource} over conmon's k8s-file logs. {@link K8sFileLog} pushes entries to a sink;
 * a virtual thread runs it and hands entries over a small queue, so a slow client applies
 * back-pressure instead of buffering a whole log.
 */
public final class K8sFileLogSource implements LogSource {
  private static final LogEntry END = new LogEntry(null, null, new byte[0], false);

  @Override
  public Reader open(Path path, boolean follow, CompletionStage<?> stop) {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(256);
    boolean[] stopped = {false};
    stop.whenComplete((v, e) -> stopped[0] = true);
    Thread pump = Thread.ofVirtual().name("log-" + path.getFileName()).start(() -> {
      try {
        // older generations first, oldest first (LogRotator, LogFiles)
        for (Path old : LogRotator.older(path)) {
          K8sFileLog.read(old, new K8sFileLog.Query(-1, null, null, false), () -> false,
              e -> put(queue, withoutNewline(e)));
        }
        LogFiles files = new LogFiles(path);
        Path current = java.nio.file.Files.isDirectory(path.getParent()) ? files.current() : path;
        K8sFileLog.read(current, new K8sFileLog.Query(-1, null, null, follow),
            () -> !stopped[0], e -> put(queue, withoutNewline(e)), files::after);
        put(queue, END);
      } catch (IOException e) {
        put(queue, e);
      } catch (RuntimeException e) {
        if (!Thread.currentThread().isInterrupted()) {
          put(queue, new IOException("read log " + path + ": " + Messages.of(e), e));
        }
      }
    });
    return new Reader() {
      private boolean done;

      @Override
      public LogEntry next() throws IOException {
        if (done) {
          return null;
        }
        Object o;
        try {
          o = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        if (o instanceof IOException e) {
          done = true;
          throw e;
        }
        if (o == END) {
          done = true;
          return null;
        }
        return (LogEntry) o;
      }

      @Override
      public void close() {
        done = true;
        pump.interrupt();
        queue.clear();
      }
    };
  }

  /** K8sFileLog gives full lines their newline back; {@link LogSource} entries carry none. */
  private static LogEntry withoutNewline(LogEntry e) {
    byte[] d = e.data();
    if (e.partial() || d.length == 0 || d[d.length - 1] != '\n') {
      return e;
    }
    return new LogEntry(e.time(), e.stream(), java.util.Arrays.copyOf(d, d.length - 1), false);
  }

  private static void put(BlockingQueue<Object> queue, Object o) {
    try {
      queue.put(o);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("log reader closed", e);
    }
  }
}
