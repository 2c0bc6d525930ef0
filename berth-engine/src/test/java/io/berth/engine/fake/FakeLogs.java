package io.berth.engine.fake;

import io.berth.common.StdStream;
import io.berth.engine.LogSource;
import io.berth.testkit.FakeRuntime;
import io.berth.runtime.LogEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Logs in memory, keyed by log path; {@link FakeRuntime} appends what its tasks print. */
public final class FakeLogs implements LogSource {
  private final Map<Path, List<LogEntry>> logs = new HashMap<>();

  public synchronized void append(Path path, StdStream stream, String line) {
    logs.computeIfAbsent(path, p -> new ArrayList<>()).add(new LogEntry(Instant.now(), stream,
        line.getBytes(StandardCharsets.UTF_8), false));
    notifyAll();
  }

  public synchronized void append(Path path, LogEntry e) {
    logs.computeIfAbsent(path, p -> new ArrayList<>()).add(e);
    notifyAll();
  }

  @Override
  public Reader open(Path path, boolean follow, CompletionStage<?> stop) {
    var done = stop.toCompletableFuture();
    done.whenComplete((x, e) -> {
      synchronized (this) {
        notifyAll();
      }
    });
    return new Reader() {
      int next;

      @Override
      public LogEntry next() {
        synchronized (FakeLogs.this) {
          while (true) {
            List<LogEntry> l = logs.getOrDefault(path, List.of());
            if (next < l.size()) {
              return l.get(next++);
            }
            if (!follow || done.isDone()) {
              return null;
            }
            try {
              FakeLogs.this.wait(100);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return null;
            }
          }
        }
      }

      @Override
      public void close() {}
    };
  }
}
