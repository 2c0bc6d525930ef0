package io.berth.runtime.log;

import io.berth.common.StdStream;
import io.berth.runtime.LogEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads conmon's k8s-file log: one line per write, {@code <RFC3339Nano> stdout|stderr F|P
 * <msg>}, where {@code P} marks a partial line (conmon splits at its 8 KiB buffer and at output
 * without a trailing newline) continued by the next entry of the stream. conmon writes the
 * time with the host's offset ({@code +00:00} here), not always {@code Z}.
 */
public final class K8sFileLog {
  private static final long POLL_MS = 20;

  private K8sFileLog() {}

  /** What to read: the last {@code tail} entries (negative: all), within [since, until). */
  public record Query(int tail, Instant since, Instant until, boolean follow) {
    public static Query all() {
      return new Query(-1, null, null, false);
    }
  }

  /** Parses one line (without its newline); a full line gets its newline back. */
  public static LogEntry parse(byte[] line) {
    int s1 = indexOf(line, (byte) ' ', 0);
    int s2 = indexOf(line, (byte) ' ', s1 + 1);
    int s3 = indexOf(line, (byte) ' ', s2 + 1);
    if (s1 < 0 || s2 < 0) {
      throw new IllegalArgumentException("not a k8s-file log line");
    }
    Instant time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(
        new String(line, 0, s1, StandardCharsets.US_ASCII), Instant::from);
    String stream = new String(line, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
    int tagEnd = s3 < 0 ? line.length : s3;
    boolean partial = tagEnd - s2 - 1 == 1 && line[s2 + 1] == 'P';
    byte[] msg = s3 < 0 ? new byte[0] : Arrays.copyOfRange(line, s3 + 1, line.length);
    if (!partial) {
      msg = Arrays.copyOf(msg, msg.length + 1);
      msg[msg.length - 1] = '\n';
    }
    return new LogEntry(time, stream.equals("stderr") ? StdStream.STDERR
        : StdStream.STDOUT, msg, partial);
  }

  /** The entries of {@code file} that match {@code q}, without following. */
  public static List<LogEntry> read(Path file, Query q) throws IOException {
    List<LogEntry> out = new ArrayList<>();
    read(file, new Query(q.tail(), q.since(), q.until(), false), () -> false, out::add);
    return out;
  }

  /**
   * Sends matching entries to {@code sink}; with {@code follow}, keeps polling the file for
   * growth while {@code running} says the writer may still write, then drains what is left.
   */
  public static void read(Path file, Query q, BooleanSupplier running, Consumer<LogEntry> sink)
      throws IOException {
    read(file, q, running, sink, (current, key) -> {
      Object now = fileKey(file);
      return now != null && key != null && !now.equals(key) ? file : null;
    });
  }

  /**
   * Where a followed log goes on: the file after {@code current} (whose identity is
   * {@code key}) once the writer has moved on from it, or null while it still writes it.
   */
  @FunctionalInterface
  public interface Successor {
    Path after(Path current, Object key);
  }

  /**
   * As {@link #read(Path, Query, BooleanSupplier, Consumer)}, following the log from file to
   * file as {@code next} says (each one drained before the next is opened).
   */
  public static void read(Path file, Query q, BooleanSupplier running, Consumer<LogEntry> sink,
      Successor next) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    InputStream in = Files.newInputStream(file);
    Object key = fileKey(file);
    try {
      LineReader lines = new LineReader(in);
      Deque<LogEntry> tail = new ArrayDeque<>();
      for (byte[] line; (line = lines.next()) != null; ) {
        LogEntry e = parse(line);
        if (!inRange(e, q)) {
          continue;
        }
        if (q.tail() < 0) {
          sink.accept(e);
        } else if (q.tail() > 0) {
          tail.addLast(e);
          if (tail.size() > q.tail()) {
            tail.removeFirst();
          }
        }
      }
      tail.forEach(sink);
      while (q.follow()) {
        boolean more = running.getAsBoolean();
        for (byte[] line; (line = lines.next()) != null; ) {
          LogEntry e = parse(line);
          if (q.until() != null && !e.time().isBefore(q.until())) {
            return;
          }
          if (inRange(e, q)) {
            sink.accept(e);
          }
        }
        Path successor = next.after(file, key);
        if (!more && successor == null) {
          return;
        }
        if (successor != null) {
          // rotated: the monitor closed this file before it made the next, so drain it first
          for (byte[] line; (line = lines.next()) != null; ) {
            LogEntry e = parse(line);
            if (inRange(e, q) && (q.until() == null || e.time().isBefore(q.until()))) {
              sink.accept(e);
            }
          }
          in.close();
          try {
            in = Files.newInputStream(successor);
          } catch (java.nio.file.NoSuchFileException gone) {
            // dropped meanwhile (the writer outran this reader): go on with what is there now
            successor = next.after(successor, null);
            in = Files.newInputStream(successor == null ? file : successor);
          }
          file = successor == null ? file : successor;
          key = fileKey(file);
          lines = new LineReader(in);
          continue;
        }
        try {
          Thread.sleep(POLL_MS);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    } finally {
      in.close();
    }
  }

  /** The file's identity (device + inode), or null when it does not exist right now. */
  private static Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class)
          .fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean inRange(LogEntry e, Query q) {
    return (q.since() == null || !e.time().isBefore(q.since()))
        && (q.until() == null || e.time().isBefore(q.until()));
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
