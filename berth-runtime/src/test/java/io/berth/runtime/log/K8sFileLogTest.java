package io.berth.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.StdStream;
import io.berth.runtime.LogEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K8sFileLogTest {
  static final String LOG = """
      2026-11-23T00:51:01.983397605+00:00 stdout F out
      2026-11-23T00:51:02.000000001+00:00 stderr P par
      2026-11-23T00:51:02.500000000+00:00 stdout F two
      2026-11-23T00:51:03.000000000+00:00 stderr F tial
      2026-11-23T00:51:04.000000000+00:00 stdout F\s
      """;

  @TempDir Path dir;

  static String text(LogEntry e) {
    return e.stream() + ":" + new String(e.data(), StandardCharsets.UTF_8);
  }

  @Test
  void parsesTimeStreamTagAndMessage() {
    LogEntry e = K8sFileLog.parse(
        "2026-11-23T00:51:01.983397605+00:00 stderr P a b ".getBytes(StandardCharsets.UTF_8));
    assertThat(e.time()).isEqualTo(Instant.parse("2026-11-23T00:51:01.983397605Z"));
    assertThat(e.stream()).isEqualTo(StdStream.STDERR);
    assertThat(e.partial()).isTrue();
    assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("a b ");
    LogEntry empty = K8sFileLog.parse("2026-11-23T00:51:01Z stdout F".getBytes());
    assertThat(new String(empty.data(), StandardCharsets.UTF_8)).isEqualTo("\n");
  }

  @Test
  void readsAllTailSinceAndUntil() throws Exception {
    Path f = dir.resolve("log");
    Files.writeString(f, LOG);
    assertThat(K8sFileLog.read(f, K8sFileLog.Query.all())).hasSize(5);
    assertThat(K8sFileLog.read(f, new K8sFileLog.Query(2, null, null, false)))
        .extracting(K8sFileLogTest::text).containsExactly("STDERR:tial\n", "STDOUT:\n");
    assertThat(K8sFileLog.read(f, new K8sFileLog.Query(0, null, null, false))).isEmpty();
    assertThat(K8sFileLog.read(f, new K8sFileLog.Query(-1,
        Instant.parse("2026-11-23T00:51:02.5Z"), Instant.parse("2026-11-23T00:51:04Z"), false)))
        .extracting(K8sFileLogTest::text).containsExactly("STDOUT:two\n", "STDERR:tial\n");
  }

  @Test
  void joinsPartialLinesPerStream() throws Exception {
    Path f = dir.resolve("log");
    Files.writeString(f, LOG);
    List<LogEntry> joined = LogFrames.join(K8sFileLog.read(f, K8sFileLog.Query.all()));
    assertThat(joined).extracting(K8sFileLogTest::text)
        .containsExactly("STDOUT:out\n", "STDOUT:two\n", "STDERR:partial\n", "STDOUT:\n");
    assertThat(joined.get(2).time()).isEqualTo(Instant.parse("2026-11-23T00:51:02.000000001Z"));
  }

  @Test
  void framesAsStdcopyWithFixedNanoTimestamps() {
    LogEntry e = new LogEntry(Instant.parse("2024-01-02T03:04:05.000000006Z"),
        StdStream.STDERR, "hi\n".getBytes(), false);
    assertThat(HexFormat.of().formatHex(LogFrames.frame(e, false, false)))
        .isEqualTo("0200000000000003" + "68690a");
    byte[] ts = LogFrames.frame(e, false, true);
    assertThat(HexFormat.of().formatHex(ts, 0, 8)).isEqualTo("0200000000000022");
    assertThat(new String(ts, 8, ts.length - 8, StandardCharsets.UTF_8))
        .isEqualTo("2024-01-02T03:04:05.000000006Z hi\n");
    assertThat(LogFrames.frame(e, true, false)).isEqualTo("hi\n".getBytes());
    LogEntry out = new LogEntry(Instant.EPOCH, StdStream.STDOUT, new byte[0], false);
    assertThat(LogFrames.frame(out, false, false)).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void followSeesGrowthUntilTheWriterStops() throws Exception {
    Path f = dir.resolve("log");
    Files.writeString(f, "2026-11-23T00:51:01Z stdout F a\n2026-11-23T00:51:02Z std");
    AtomicBoolean running = new AtomicBoolean(true);
    List<String> seen = new ArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        K8sFileLog.read(f, new K8sFileLog.Query(-1, null, null, true), running::get,
            e -> seen.add(text(e)));
      } catch (Exception ex) {
        throw new RuntimeException(ex);
      }
    });
    Thread.sleep(300);
    Files.writeString(f, "out F b\n", java.nio.file.StandardOpenOption.APPEND);
    Thread.sleep(300);
    running.set(false);
    reader.join(5000);
    assertThat(reader.isAlive()).isFalse();
    assertThat(seen).containsExactly("STDOUT:a\n", "STDOUT:b\n");
  }
}
