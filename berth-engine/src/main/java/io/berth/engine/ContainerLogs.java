package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.StdStream;
import io.berth.runtime.LogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * {@code docker logs}: reads the monitor's log through {@link LogSource}, keeps the chosen
 * streams, time window and tail, and writes each line (with its newline unless partial, and
 * an RFC 3339 timestamp first with {@code timestamps}). {@code follow} ends when the container
 * exits.
 */
final class ContainerLogs {
  private final ContainerStore store;
  private final LogSource source;
  private final ExitWaiters waiters;

  ContainerLogs(ContainerStore store, LogSource source, ExitWaiters waiters) {
    this.store = store;
    this.source = source;
    this.waiters = waiters;
  }

  void logs(String ref, LogOptions o, OutputSink sink) throws IOException {
    Container c = store.get(ref);
    if (!LogDrivers.readable(c.hostConfig().logConfig())) {
      throw new BerthException.NotImplemented("configured logging driver does not support"
          + " reading");
    }
    if (!o.stdout() && !o.stderr()) {
      throw BerthException.invalid("You must choose at least one stream");
    }
    boolean follow = o.follow() && c.status().isRunning();
    CompletableFuture<WaitResult> stop = follow ? waiters.nextExit(c.id())
        : CompletableFuture.completedFuture(null);
    if (follow && !store.get(c.id()).status().isRunning()) {
      stop.complete(null); // exited between the two looks
    }
    Path log = Path.of(c.logPath());
    try {
      boolean[] atLineStart = {true};
      long skip = 0;
      if (o.tail() >= 0) {
        skip = writeTail(log, o, sink, atLineStart);
      }
      if (o.tail() < 0 || follow) {
        // With a tail, the follow pass skips what the tail pass read: the log only grows.
        try (LogSource.Reader r = source.open(log, follow, stop)) {
          for (LogEntry e = r.next(); e != null; e = r.next()) {
            if (skip > 0) {
              skip--;
            } else if (selected(e, o)) {
              atLineStart[0] = write(e, o, sink, atLineStart[0]);
            }
          }
        }
      }
    } finally {
      waiters.cancel(c.id(), stop);
    }
  }

  /** Writes the last {@code tail} selected entries; returns how many entries it read in all. */
  private long writeTail(Path log, LogOptions o, OutputSink sink, boolean[] atLineStart)
      throws IOException {
    Deque<LogEntry> tail = new ArrayDeque<>();
    long read = 0;
    try (LogSource.Reader r = source.open(log, false, CompletableFuture.completedFuture(null))) {
      for (LogEntry e = r.next(); e != null; e = r.next()) {
        read++;
        if (o.tail() > 0 && selected(e, o)) {
          tail.addLast(e);
          if (tail.size() > o.tail()) {
            tail.removeFirst();
          }
        }
      }
    }
    for (LogEntry e : tail) {
      atLineStart[0] = write(e, o, sink, atLineStart[0]);
    }
    return read;
  }

  private static boolean selected(LogEntry e, LogOptions o) {
    if (e.stream() == StdStream.STDERR ? !o.stderr() : !o.stdout()) {
      return false;
    }
    return (o.since() == null || !e.time().isBefore(o.since()))
        && (o.until() == null || e.time().isBefore(o.until()));
  }

  private static boolean write(LogEntry e, LogOptions o, OutputSink sink, boolean atLineStart)
      throws IOException {
    byte[] data = e.data();
    if (o.timestamps() && atLineStart) {
      byte[] ts = (Times.format(e.time()) + " ").getBytes(StandardCharsets.UTF_8);
      byte[] joined = new byte[ts.length + data.length];
      System.arraycopy(ts, 0, joined, 0, ts.length);
      System.arraycopy(data, 0, joined, ts.length, data.length);
      data = joined;
    }
    if (!e.partial()) {
      byte[] nl = new byte[data.length + 1];
      System.arraycopy(data, 0, nl, 0, data.length);
      nl[data.length] = '\n';
      data = nl;
    }
    sink.write(e.stream(), data);
    sink.flush();
    return !e.partial();
  }
}
