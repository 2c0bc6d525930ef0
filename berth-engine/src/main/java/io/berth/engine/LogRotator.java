package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.runtime.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Log rotation for the monitor's log ({@code --log-opt max-size=10m --log-opt max-file=3}, as
 * Docker's json-file driver takes them): while a container runs, a watcher checks the log's
 * size; past {@code max-size} it shifts {@code log.1 → log.2 …} (dropping the oldest so that
 * at most {@code max-file} files exist), renames the log to {@code log.1} and asks conmon to
 * reopen its log (its {@code ctl} FIFO), which then writes a new file at the old path.
 * conmon's own {@code --log-size-max} is not used: it truncates and keeps nothing. On by
 * default: {@link #DEFAULT_MAX_SIZE} × {@link #DEFAULT_MAX_FILE} when no option is given
 * (docs/adr/0108-log-rotation.md).
 */
final class LogRotator {
  private static final Logger LOG = Logger.getLogger(LogRotator.class.getName());
  static final String DEFAULT_MAX_SIZE = "10m";
  static final int DEFAULT_MAX_FILE = 3;
  private static final long POLL_MS = 200;

  private final ContainerStore store;
  private final LiveTasks tasks;
  private final Map<String, Object> watching = new ConcurrentHashMap<>();
  private volatile boolean closed;

  LogRotator(ContainerStore store, LiveTasks tasks, EventBus events) {
    this.store = store;
    this.tasks = tasks;
    events.subscribe(e -> {
      if ("container".equals(e.type()) && "start".equals(e.action())) {
        watch(e.actorId());
      }
    });
  }

  void close() {
    closed = true;
  }

  /** The rotation limits of a log config: max-size in bytes (0 = none) and max-file. */
  record Limits(long maxSize, int maxFile) {
    static Limits of(HostConfig.LogConfig cfg) {
      Map<String, String> o = cfg == null || cfg.config() == null ? Map.of() : cfg.config();
      String size = o.getOrDefault("max-size", o.containsKey("max-file") ? "-1"
          : DEFAULT_MAX_SIZE);
      long max = size.equals("-1") ? 0 : bytes(size);
      int files = o.containsKey("max-file") ? parseFiles(o.get("max-file")) : DEFAULT_MAX_FILE;
      return new Limits(max, files);
    }
  }

  void watch(String id) {
    Container c = store.find(id).orElse(null);
    if (c == null || closed || c.logPath() == null || c.logPath().isEmpty()) {
      return;
    }
    Limits limits = Limits.of(c.hostConfig().logConfig());
    if (limits.maxSize() <= 0) {
      return;
    }
    Object token = new Object();
    watching.put(id, token);
    Path log = Path.of(c.logPath());
    Thread.ofVirtual().name("logrotate-" + id.substring(0, 12)).start(() -> {
      while (!closed && watching.get(id) == token) {
        try {
          Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
          return;
        }
        Task task = tasks.get(id).orElse(null);
        Container cur = store.find(id).orElse(null);
        if (task == null || cur == null || !cur.status().isRunning()) {
          watching.remove(id, token);
          return;
        }
        try {
          if (Files.size(log) >= limits.maxSize()) {
            rotate(log, limits.maxFile());
            task.reopenLog();
          }
        } catch (IOException e) {
          // not written yet, or being reopened
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "rotate log of " + id, e);
        }
      }
    });
  }

  /** Shifts {@code log.i → log.i+1}, keeping {@code maxFile - 1} old files, then log → log.1. */
  /**
   * After the monitor has exited: a rotation that it did not answer with a reopen leaves no
   * current file; an empty one is put there, as a json-file log always has its current file.
   * (Not earlier: while the monitor runs, a follower keeps reading the renamed file until the
   * monitor's new one appears.)
   */
  static void ensureCurrent(String logPath) {
    if (logPath == null || logPath.isEmpty()) {
      return;
    }
    Path log = Path.of(logPath);
    try {
      if (Files.isDirectory(log.getParent()) && Files.exists(sibling(log, 1))) {
        Files.createFile(log);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // the usual case: the monitor's file is there
    } catch (IOException e) {
      LOG.log(Level.FINE, "create " + log, e);
    }
  }

  static void rotate(Path log, int maxFile) throws IOException {
    if (maxFile <= 1) {
      Files.move(log, sibling(log, 1), StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(sibling(log, 1));
      return;
    }
    Files.deleteIfExists(sibling(log, maxFile - 1));
    for (int i = maxFile - 2; i >= 1; i--) {
      Path from = sibling(log, i);
      if (Files.exists(from)) {
        Files.move(from, sibling(log, i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(log, sibling(log, 1), StandardCopyOption.REPLACE_EXISTING);
  }

  static Path sibling(Path log, int n) {
    return log.resolveSibling(log.getFileName() + "." + n);
  }

  /** go-units {@code RAMInBytes}: {@code 1k} = 1024, suffixes b k m g t, optional {@code b}. */
  static long bytes(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("ib")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("b") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
      t = t.substring(0, t.length() - 1);
    }
    long mult = 1;
    char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
    switch (last) {
      case 'k' -> mult = 1L << 10;
      case 'm' -> mult = 1L << 20;
      case 'g' -> mult = 1L << 30;
      case 't' -> mult = 1L << 40;
      case 'b' -> mult = 1;
      default -> { }
    }
    String num = Character.isDigit(last) ? t : t.substring(0, t.length() - 1);
    try {
      double v = Double.parseDouble(num);
      if (v <= 0) {
        throw BerthException.invalid("invalid max-size: " + text);
      }
      return (long) (v * mult);
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid max-size: " + text);
    }
  }

  private static int parseFiles(String text) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n < 1) {
        throw BerthException.invalid("max-file cannot be less than 1");
      }
      return n;
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid max-file: " + text);
    }
  }
}
