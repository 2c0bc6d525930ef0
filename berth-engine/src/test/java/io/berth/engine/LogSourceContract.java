package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.StdStream;
import io.berth.runtime.LogEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link LogSource} gives back of a log the monitor wrote: {@code K8sFileLogSource}
 * (conmon's k8s-file) and the tests' {@code FakeLogs} both run it. Subclasses say how a line is
 * written, as the monitor would.
 */
public abstract class LogSourceContract {
  @TempDir protected Path dir;
  protected LogSource source;
  protected Path log;

  protected abstract LogSource open() throws Exception;

  /** Appends {@code e} to the log at {@code log}, as conmon would write it. */
  protected abstract void append(Path log, LogEntry e) throws Exception;

  @BeforeEach
  void openSource() throws Exception {
    source = open();
    log = dir.resolve("ctr").resolve("container.log");
    java.nio.file.Files.createDirectories(log.getParent());
  }

  private static LogEntry entry(long second, StdStream s, String text, boolean partial) {
    return new LogEntry(Instant.ofEpochSecond(1_700_000_000L + second, 123_456_789),
        s, text.getBytes(StandardCharsets.UTF_8), partial);
  }

  private static String show(LogEntry e) {
    return e.time() + " " + e.stream() + " " + (e.partial() ? "P " : "F ")
        + new String(e.data(), StandardCharsets.UTF_8);
  }

  @Test
  void aMissingLogReadsAsEmpty() throws Exception {
    try (LogSource.Reader r = source.open(dir.resolve("none/container.log"), false,
        new CompletableFuture<>())) {
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void entriesComeBackOldestFirstWithStreamTimeAndPartsAndWithoutNewline() throws Exception {
    append(log, entry(0, StdStream.STDOUT, "one", false));
    append(log, entry(1, StdStream.STDERR, "half ", true));
    append(log, entry(1, StdStream.STDERR, "done", false));
    append(log, entry(2, StdStream.STDOUT, "", false));
    try (LogSource.Reader r = source.open(log, false, new CompletableFuture<>())) {
      assertThat(show(r.next())).isEqualTo("2023-11-14T22:13:20.123456789Z STDOUT F one");
      assertThat(show(r.next())).isEqualTo("2023-11-14T22:13:21.123456789Z STDERR P half ");
      assertThat(show(r.next())).isEqualTo("2023-11-14T22:13:21.123456789Z STDERR F done");
      assertThat(show(r.next())).isEqualTo("2023-11-14T22:13:22.123456789Z STDOUT F ");
      assertThat(r.next()).isNull();
    }
  }

  @Test
  @Timeout(30)
  void followWaitsForNewEntriesAndEndsOnceTheStopCameAndAllIsRead() throws Exception {
    append(log, entry(0, StdStream.STDOUT, "before", false));
    CompletableFuture<Void> stop = new CompletableFuture<>();
    try (LogSource.Reader r = source.open(log, true, stop)) {
      assertThat(show(r.next())).endsWith("F before");
      CompletableFuture.runAsync(() -> {
        try {
          TimeUnit.MILLISECONDS.sleep(300);
          append(log, entry(1, StdStream.STDOUT, "later", false));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(show(r.next())).endsWith("F later");
      append(log, entry(2, StdStream.STDERR, "last", false));
      stop.complete(null);
      assertThat(show(r.next())).endsWith("F last");
      assertThat(r.next()).isNull();
    }
  }
}
