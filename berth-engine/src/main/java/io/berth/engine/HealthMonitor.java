package io.berth.engine;

import io.berth.common.StdStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Health checks, as moby's {@code daemon/health.go}: while a container with a
 * {@code Healthcheck} runs, its probe runs as an exec every interval (every start interval
 * during the start period); exit 0 is healthy; a failure counts against {@code Retries}
 * except while the start period lasts and the container has never been healthy. The state
 * ({@code starting}, {@code healthy}, {@code unhealthy}, the failing streak and the last five
 * probes) is kept in {@code State.Health}; each change of status is a
 * {@code health_status: <status>} event.
 */
final class HealthMonitor {
  private static final Logger LOG = Logger.getLogger(HealthMonitor.class.getName());
  static final int MAX_LOG = 5;
  static final int MAX_OUTPUT = 4096;
  private static final long DEFAULT_NANOS = 30_000_000_000L;
  private static final long DEFAULT_START_INTERVAL = 5_000_000_000L;

  private final ContainerStore store;
  private final ExecService execs;
  private final EventBus events;
  private final Map<String, Object> running = new ConcurrentHashMap<>();
  private volatile boolean closed;

  HealthMonitor(ContainerStore store, ExecService execs, EventBus events) {
    this.store = store;
    this.execs = execs;
    this.events = events;
    events.subscribe(e -> {
      if ("container".equals(e.type()) && "start".equals(e.action())) {
        started(e.actorId());
      }
    });
  }

  void close() {
    closed = true;
  }

  /** The probe settings, from Config.Healthcheck (durations in ns, 0 = default). */
  record Check(List<String> test, long interval, long timeout, long startPeriod,
      long startInterval, int retries) {

    static Check of(ContainerConfig c) {
      HealthConfig h = c.healthcheck();
      if (h == null || h.test() == null || h.test().isEmpty()
          || "NONE".equals(h.test().getFirst())) {
        return null;
      }
      List<String> test = h.test();
      List<String> cmd = switch (test.getFirst()) {
        case "CMD" -> test.subList(1, test.size());
        case "CMD-SHELL" -> {
          List<String> shell = new ArrayList<>(c.shell() == null || c.shell().isEmpty()
              ? List.of("/bin/sh", "-c") : c.shell());
          shell.add(String.join(" ", test.subList(1, test.size())));
          yield shell;
        }
        default -> test; // Docker's older form: the command itself
      };
      if (cmd.isEmpty()) {
        return null;
      }
      return new Check(cmd, or(h.interval(), DEFAULT_NANOS), or(h.timeout(), DEFAULT_NANOS),
          or(h.startPeriod(), 0), or(h.startInterval(), DEFAULT_START_INTERVAL),
          (int) or(h.retries(), 3));
    }

    private static long or(Number v, long fallback) {
      long n = v == null ? 0 : v.longValue();
      return n > 0 ? n : fallback;
    }
  }

  /** A start: the health is {@code starting} and a new probe loop runs. */
  void started(String id) {
    Container c = store.find(id).orElse(null);
    Check check = c == null ? null : Check.of(c.config());
    if (check == null || closed) {
      return;
    }
    Object token = new Object();
    running.put(id, token);
    update(id, x -> new ContainerState.Health("starting", 0, List.of()));
    Instant startedAt = Instant.now();
    Thread.ofVirtual().name("health-" + id.substring(0, 12)).start(() -> {
      while (!closed && running.get(id) == token) {
        boolean inStart = Duration.between(startedAt, Instant.now()).toNanos()
            < check.startPeriod();
        sleepNanos(inStart ? check.startInterval() : check.interval());
        Container cur = store.find(id).orElse(null);
        if (closed || running.get(id) != token || cur == null
            || cur.status() != ContainerStatus.RUNNING) {
          if (cur == null || !cur.status().isRunning()) {
            running.remove(id, token);
            return;
          }
          continue; // paused: no probes
        }
        try {
          probe(id, check, startedAt);
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "health probe of " + id, e);
        }
      }
    });
  }

  private void probe(String id, Check check, Instant startedAt) {
    Instant start = Instant.now();
    String execId = execs.create(id, new ExecConfig(check.test(), List.of(), null, null, false,
        false, true, true, false, null, null));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
      try {
        Attachment a = execs.start(execId, false);
        a.run(null, (StdStream s, byte[] data) -> {
          synchronized (out) {
            if (out.size() < MAX_OUTPUT) {
              out.write(data, 0, Math.min(data.length, MAX_OUTPUT - out.size()));
            }
          }
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, r -> Thread.ofVirtual().start(r));
    int code;
    String output;
    try {
      done.get(check.timeout(), TimeUnit.NANOSECONDS);
      Integer exit = execs.inspect(execId).exitCode();
      code = exit == null ? -1 : exit;
      synchronized (out) {
        output = out.toString(StandardCharsets.UTF_8);
      }
    } catch (TimeoutException e) {
      code = -1;
      output = "Health check exceeded timeout (" + Duration.ofNanos(check.timeout()).toMillis()
          / 1000.0 + "s)";
    } catch (Exception e) {
      code = -1;
      output = "health check failed: " + e.getMessage();
    }
    execs.forgetExec(execId);
    ContainerState.Probe result = new ContainerState.Probe(Times.format(start),
        Times.format(Instant.now()), code, output);
    boolean inStart = Duration.between(startedAt, start).toNanos() < check.startPeriod();
    int exitCode = code;
    String[] change = new String[2];
    update(id, h -> {
      List<ContainerState.Probe> log = new ArrayList<>(h == null ? List.of() : h.log());
      log.add(result);
      while (log.size() > MAX_LOG) {
        log.removeFirst();
      }
      String before = h == null ? "starting" : h.status();
      String status = before;
      int streak = h == null ? 0 : h.failingStreak();
      if (exitCode == 0) {
        status = "healthy";
        streak = 0;
      } else if (!(inStart && before.equals("starting"))) {
        streak++;
        if (streak >= check.retries()) {
          status = "unhealthy";
        }
      }
      change[0] = before;
      change[1] = status;
      return new ContainerState.Health(status, streak, List.copyOf(log));
    });
    if (change[1] != null && !change[1].equals(change[0])) {
      Container c = store.find(id).orElse(null);
      if (c != null) {
        events.publish(ContainerEvent.of(c, "health_status: " + change[1]));
      }
    }
  }

  private void update(String id,
      java.util.function.UnaryOperator<ContainerState.Health> change) {
    try {
      store.update(id, x -> x.withState(x.state().withHealth(change.apply(x.state().health()))));
    } catch (RuntimeException e) {
      // removed meanwhile
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(Duration.ofNanos(nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
