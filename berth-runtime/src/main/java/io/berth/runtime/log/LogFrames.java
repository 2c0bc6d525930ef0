package io.berth.runtime.log;

import io.berth.common.StdStream;
import io.berth.runtime.LogEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Log entries as {@code GET /containers/{id}/logs} sends them. Without a TTY each message is a
 * stdcopy frame: {@code [stream, 0, 0, 0, size as big-endian uint32]} then the payload, stream
 * 1 = stdout, 2 = stderr (moby {@code pkg/stdcopy}); with a TTY the payload is sent raw. With
 * {@code timestamps} the payload starts with the time in Go's {@code RFC3339NanoFixed}
 * (always nine digits, UTC) and a space, as moby writes it.
 */
public final class LogFrames {
  private static final DateTimeFormatter FIXED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private LogFrames() {}

  /** One frame (or raw payload for a TTY) for one whole entry. */
  public static byte[] frame(LogEntry e, boolean tty, boolean timestamps) {
    byte[] payload = e.data();
    if (timestamps) {
      byte[] ts = (timestamp(e.time()) + " ").getBytes(StandardCharsets.US_ASCII);
      byte[] both = new byte[ts.length + payload.length];
      System.arraycopy(ts, 0, both, 0, ts.length);
      System.arraycopy(payload, 0, both, ts.length, payload.length);
      payload = both;
    }
    if (tty) {
      return payload;
    }
    byte[] out = new byte[8 + payload.length];
    out[0] = (byte) (e.stream() == StdStream.STDERR ? 2 : 1);
    int n = payload.length;
    out[4] = (byte) (n >>> 24);
    out[5] = (byte) (n >>> 16);
    out[6] = (byte) (n >>> 8);
    out[7] = (byte) n;
    System.arraycopy(payload, 0, out, 8, n);
    return out;
  }

  /** Go's RFC3339NanoFixed in UTC: {@code 2024-01-02T03:04:05.000000006Z}. */
  public static String timestamp(Instant t) {
    return FIXED.format(t);
  }

  /** Joins partial entries with the rest of their line; the time is the first fragment's. */
  public static List<LogEntry> join(List<LogEntry> entries) {
    Joiner j = new Joiner();
    List<LogEntry> out = new ArrayList<>();
    for (LogEntry e : entries) {
      j.accept(e).ifPresent(out::add);
    }
    out.addAll(j.flush());
    return out;
  }

  /** Stateful joining for a followed log: one pending partial line per stream. */
  public static final class Joiner {
    private final Map<StdStream, LogEntry> pending =
        new EnumMap<>(StdStream.class);

    /** The whole entry this one completes, or empty while its line is still partial. */
    public Optional<LogEntry> accept(LogEntry e) {
      LogEntry head = pending.remove(e.stream());
      LogEntry merged = head == null ? e : new LogEntry(head.time(), e.stream(),
          concat(head.data(), e.data()), e.partial());
      if (merged.partial()) {
        pending.put(e.stream(), merged);
        return Optional.empty();
      }
      return Optional.of(merged);
    }

    /** What is left partial at the end (output that ended without a newline). */
    public List<LogEntry> flush() {
      List<LogEntry> rest = new ArrayList<>(pending.values());
      pending.clear();
      return rest;
    }

    private static byte[] concat(byte[] a, byte[] b) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
      out.writeBytes(a);
      out.writeBytes(b);
      return out.toByteArray();
    }
  }
}
