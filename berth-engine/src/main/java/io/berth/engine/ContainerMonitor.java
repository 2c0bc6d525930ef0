package io.berth.engine;

import io.berth.common.Phases;
import io.berth.runtime.ExitStatus;
import io.berth.runtime.Task;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches a running container's task: when it exits, records ExitCode, FinishedAt and
 * OOMKilled, tears the task down, publishes {@code die}, completes waiters, and removes the
 * container when {@code AutoRemove} is set ({@code docker run --rm}).
 */
final class ContainerMonitor {
  private static final Logger LOG = Logger.getLogger(ContainerMonitor.class.getName());

  private final ContainerStore store;
  private final ContainerLocks locks;
  private final Teardown teardown;
  private final ExitWaiters waiters;
  private final EventBus events;
  private final ContainerRemover remover;
  private final RestartSupervisor restarts;
  private volatile boolean closed;

  /** Docker's events after {@code die}: network disconnects, volume unmounts. */
  private final java.util.function.Consumer<Container> afterDie;

  ContainerMonitor(ContainerStore store, ContainerLocks locks, Teardown teardown,
      ExitWaiters waiters, EventBus events, ContainerRemover remover,
      RestartSupervisor restarts, java.util.function.Consumer<Container> afterDie) {
    this.afterDie = afterDie;
    this.store = store;
    this.locks = locks;
    this.teardown = teardown;
    this.waiters = waiters;
    this.events = events;
    this.remover = remover;
    this.restarts = restarts;
  }

  /**
   * Stops recording exits: a daemon that shuts down leaves its containers running (live
   * restore), and the next daemon reconciles them from disk.
   */
  void close() {
    closed = true;
    restarts.close();
  }

  /** Starts watching; the exit is handled on another thread, after the caller's lock. */
  void watch(String id, Task task) {
    task.exit().whenCompleteAsync((status, error) -> {
      if (closed) {
        return;
      }
      ExitStatus s = status != null ? status : new ExitStatus(255, Instant.now(), false);
      if (error != null) {
        LOG.log(Level.WARNING, "exit of " + id + " unknown", error);
      }
      exited(id, task, s);
    }, r -> Thread.ofVirtual().name("exit-" + id.substring(0, 12)).start(r));
  }

  /** Records an exit (also used by start-up reconciliation for tasks that ended meanwhile). */
  void exited(String id, Task task, ExitStatus s) {
    Phases t = Phases.start("exit " + id.substring(0, 12));
    Container c = locks.with(id, () -> {
      Container current = store.find(id).orElse(null);
      if (current == null || !current.status().isRunning()) {
        return null;
      }
      t.mark("noticed-after-exit(" + java.time.Duration.between(s.exitedAt(), Instant.now())
          .toMillis() + "ms)");
      Container after = store.update(id, x -> x.withState(
          x.state().exited(s.code(), s.oomKilled(), s.exitedAt())));
      t.mark("record");
      if (after.hostConfig().autoRemove() || remover.killedForRemoval(id)) {
        // the network now (a `network rm` may follow at once); the task and the rootfs
        // after the client has its answer (ContainerRemover.autoRemove, .remove)
        teardown.network(id);
        t.mark("network-teardown");
      } else {
        teardown.afterExit(id, task, t);
      }
      LogRotator.afterExit(after);
      return after;
    });
    if (c == null) {
      return;
    }
    if (s.oomKilled()) {
      events.publish(ContainerEvent.of(c, "oom"));
    }
    events.publish(ContainerEvent.of(c, "die", Map.of("exitCode", Integer.toString(s.code()))));
    afterDie.accept(c);
    waiters.exited(id, new WaitResult(s.code(), null));
    t.mark("events+waiters");
    if (restarts.exited(id, Times.parse(c.state().startedAt()), s.exitedAt())) {
      t.done();
      return;
    }
    if (c.hostConfig().autoRemove()) {
      try {
        remover.autoRemove(id, task);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "auto-remove " + id, e);
      }
      t.mark("auto-remove");
    }
    t.done();
  }
}
