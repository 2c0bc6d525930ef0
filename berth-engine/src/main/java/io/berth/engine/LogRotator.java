package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.runtime.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Log rotation for {@code --log-opt max-size=… --log-opt max-file=…} (ADR 113). conmon cuts the
 * file itself at {@link Limits#cutSize()} ({@code --log-size-max}), synchronously with every
 * line it writes, so no write rate passes the bound; berth keeps older generations through
 * {@link LogFiles}: before the start it names and arms the files, while the container runs a
 * watcher re-arms after each cut and drops the oldest. On by default:
 * {@link #DEFAULT_MAX_SIZE} × {@link #DEFAULT_MAX_FILE} when no option is given.
 */
final class LogRotator {
  private static final Logger LOG = Logger.getLogger(LogRotator.class.getName());
  static final String DEFAULT_MAX_SIZE = "10m";
  static final int DEFAULT_MAX_FILE = 3;
  /** The watcher looks again this soon after a cut, and backs off to {@link #IDLE_MS}. */
  private static final long BUSY_MS = 5;
  private static final long IDLE_MS = 200;

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

  /**
   * The rotation limits of a log config: max-size in bytes (0 = none) and max-file. conmon
   * cuts at {@link #cutSize()} and berth keeps {@link #kept()} older files, so that even the
   * {@code kept + 3} files a burst can leave (LogFiles) hold at most max-size × max-file.
   */
  record Limits(long maxSize, int maxFile) {
    static Limits of(HostConfig.LogConfig cfg) {
      Map<String, String> o = cfg == null || cfg.config() == null ? Map.of() : cfg.config();
      String size = o.getOrDefault("max-size", o.containsKey("max-file") ? "-1"
          : DEFAULT_MAX_SIZE);
      long max = size.equals("-1") ? 0 : bytes(size);
      int files = o.containsKey("max-file") ? parseFiles(o.get("max-file")) : DEFAULT_MAX_FILE;
      return new Limits(max, files);
    }

    /** True when older generations are kept (else conmon's cut truncates, as max-file=1). */
    boolean generations() {
      return maxSize > 0 && maxFile >= 2;
    }

    /** conmon's {@code --log-size-max}; 0 for none. */
    long cutSize() {
      return generations() ? Math.max(1, maxSize * maxFile / (maxFile + 1)) : maxSize;
    }

    int kept() {
      return Math.max(0, maxFile - 2);
    }
  }

  /** Before conmon starts: conmon's cut size for {@code c} (0 none), its files prepared. */
  static long prepare(Container c) {
    if (c.logPath() == null || c.logPath().isEmpty()) {
      return 0;
    }
    Limits limits = Limits.of(c.hostConfig().logConfig());
    if (limits.generations()) {
      try {
        new LogFiles(Path.of(c.logPath())).prepare(limits.kept());
      } catch (IOException e) {
        throw BerthException.internal("prepare log files of " + c.id() + ": " + e, e);
      }
    }
    return limits.cutSize();
  }

  void watch(String id) {
    Container c = store.find(id).orElse(null);
    if (c == null || closed || c.logPath() == null || c.logPath().isEmpty()) {
      return;
    }
    Limits limits = Limits.of(c.hostConfig().logConfig());
    if (!limits.generations()) {
      return;
    }
    Object token = new Object();
    watching.put(id, token);
    LogFiles files = new LogFiles(Path.of(c.logPath()));
    Thread.ofVirtual().name("logrotate-" + id.substring(0, 12)).start(() -> {
      long pause = BUSY_MS;
      while (!closed && watching.get(id) == token) {
        try {
          Thread.sleep(pause);
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
          pause = files.poll(limits.kept()) ? BUSY_MS : Math.min(IDLE_MS, pause * 2);
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.FINE, "rotate log of " + id, e);
        }
      }
    });
  }

  /**
   * After the monitor has exited: a last look (the cuts of a container that lived less than
   * one poll), and the arm removed.
   */
  static void afterExit(Container c) {
    if (c.logPath() == null || c.logPath().isEmpty()) {
      return;
    }
    Limits limits = Limits.of(c.hostConfig().logConfig());
    if (!limits.generations()) {
      return;
    }
    LogFiles files = new LogFiles(Path.of(c.logPath()));
    try {
      files.poll(limits.kept());
      files.disarm();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "log files of " + c.id(), e);
    }
  }

  /** The files {@code docker logs} reads before the current one, oldest first. */
  static List<Path> older(Path log) throws IOException {
    List<Path> out = new ArrayList<>();
    // berth before ADR 113 shifted <log>.1 … <log>.N, newest first
    for (int i = 1; Files.exists(sibling(log, i)); i++) {
      out.addFirst(sibling(log, i));
    }
    if (Files.isDirectory(log.getParent())) {
      out.addAll(new LogFiles(log).readOrder());
    }
    return out;
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
