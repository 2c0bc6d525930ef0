package io.berth.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Restart policies, as moby's {@code restartmanager}: after an exit, {@code always} and
 * {@code unless-stopped} restart, {@code on-failure[:N]} restarts a non-zero exit until
 * RestartCount reaches N; never after a user's stop or kill. The delay doubles from 100 ms
 * up to a minute, and goes back to 100 ms once a run lasted 10 s. While it waits the
 * container is {@code restarting}.
 */
final class RestartSupervisor {
  private static final Logger LOG = Logger.getLogger(RestartSupervisor.class.getName());
  static final long FIRST_DELAY_MS = 100;
  static final long MAX_DELAY_MS = 60_000;
  static final Duration RESET_AFTER = Duration.ofSeconds(10);

  private final ContainerStore store;
  private final ContainerLocks locks;
  private final Map<String, Long> delays = new ConcurrentHashMap<>();
  private final Map<String, Object> pending = new ConcurrentHashMap<>();
  private final Consumer<String> starter;
  private volatile boolean closed;

  /** @param starter what restarts a container: the starter's policy path */
  RestartSupervisor(ContainerStore store, ContainerLocks locks, Consumer<String> starter) {
    this.store = store;
    this.locks = locks;
    this.starter = starter;
  }

  void close() {
    closed = true;
  }

  /** True when the policy restarts {@code c} after it exited with {@code code}. */
  static boolean shouldRestart(Container c, int code) {
    HostConfig.RestartPolicy p = c.hostConfig().restartPolicy();
    if (c.state().manuallyStopped() || c.hostConfig().autoRemove()) {
      return false;
    }
    return switch (p.name() == null ? "" : p.name()) {
      case "always", "unless-stopped" -> true;
      case "on-failure" -> code != 0 && (p.maximumRetryCount() <= 0
          || c.restartCount() < p.maximumRetryCount());
      default -> false;
    };
  }

  /**
   * Called after an exit is recorded (and {@code die} published): when the policy says so,
   * marks the container restarting and schedules the start. Returns true when scheduled.
   */
  boolean exited(String id, Instant startedAt, Instant exitedAt) {
    if (closed) {
      return false;
    }
    Boolean scheduled = locks.with(id, () -> {
      Container c = store.find(id).orElse(null);
      if (c == null || c.status() != ContainerStatus.EXITED
          || !shouldRestart(c, c.state().exitCode())) {
        return false;
      }
      store.update(id, x -> x.withState(x.state().withStatus(ContainerStatus.RESTARTING)));
      return true;
    });
    if (!scheduled) {
      return false;
    }
    boolean ranLong = startedAt != null && exitedAt != null
        && Duration.between(startedAt, exitedAt).compareTo(RESET_AFTER) >= 0;
    long delay = delays.compute(id, (k, d) -> d == null || ranLong ? FIRST_DELAY_MS
        : Math.min(d * 2, MAX_DELAY_MS));
    schedule(id, delay);
    return true;
  }

  /** Starts a container at daemon start-up (its policy asks for it), without a delay. */
  void startNow(String id) {
    schedule(id, 0);
  }

  private void schedule(String id, long delayMs) {
    Object token = new Object();
    pending.put(id, token);
    CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS,
        r -> Thread.ofVirtual().name("restart-" + id.substring(0, 12)).start(r)).execute(() -> {
          if (closed || !pending.remove(id, token)) {
            return; // cancelled: a user stopped or removed it meanwhile
          }
          try {
            starter.accept(id);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "restart of " + id + " failed", e);
          }
        });
  }

  /** Cancels a scheduled restart; true when one was pending. */
  boolean cancel(String id) {
    return pending.remove(id) != null;
  }

  /** A user's start: the back-off begins anew. */
  void reset(String id) {
    cancel(id);
    delays.remove(id);
  }

  void forget(String id) {
    reset(id);
  }
}
