package io.berth.engine;

import io.berth.runtime.ExitStatus;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.Task;
import io.berth.runtime.TaskStatus;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Start-up reconciliation: berthd may have been down while containers ran (conmon keeps them).
 * For each container recorded as running, a task the runtime still runs is adopted again (its
 * exit watched); a task that ended is recorded with the exit code conmon kept, or 255 when
 * none is known; leftovers of an interrupted removal are removed.
 */
final class Reconciler {
  private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

  private final ContainerStore store;
  private final OciRuntime runtime;
  private final LiveTasks tasks;
  private final ContainerMonitor monitor;
  private final ContainerRemover remover;
  private final RestartSupervisor restarts;

  Reconciler(ContainerStore store, OciRuntime runtime, LiveTasks tasks, ContainerMonitor monitor,
      ContainerRemover remover, RestartSupervisor restarts) {
    this.store = store;
    this.runtime = runtime;
    this.tasks = tasks;
    this.monitor = monitor;
    this.remover = remover;
    this.restarts = restarts;
  }

  void reconcile() {
    for (Container c : store.all()) {
      try {
        if (c.status() == ContainerStatus.REMOVING) {
          // a removal cut off by a crash (before or after its answer): finish it, with the
          // runtime's state of the task when there is one
          try {
            runtime.load(c.id()).ifPresent(task -> tasks.put(c.id(), task));
          } catch (RuntimeException e) {
            LOG.log(Level.INFO, "no runtime state of removed container " + c.id() + ": " + e);
          }
          store.update(c.id(), x -> x.withState(x.state().withStatus(ContainerStatus.DEAD)));
          remover.remove(c.id(), true);
        } else if (c.status() == ContainerStatus.RESTARTING) {
          // the daemon stopped during a restart's back-off: finish it now
          store.update(c.id(), x -> x.withState(x.state().withStatus(ContainerStatus.EXITED)));
          restarts.startNow(c.id());
        } else if (c.status() == ContainerStatus.EXITED && startsWithDaemon(c)) {
          restarts.startNow(c.id());
        } else if (c.status().isRunning()) {
          adopt(c);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "reconcile container " + c.id(), e);
      }
    }
  }

  /**
   * Docker starts {@code always} containers when the daemon starts, even after a user's stop,
   * and {@code unless-stopped} ones unless a user stopped them.
   */
  private static boolean startsWithDaemon(Container c) {
    String policy = c.hostConfig().restartPolicy().name();
    return "always".equals(policy)
        || "unless-stopped".equals(policy) && !c.state().manuallyStopped();
  }

  private void adopt(Container c) {
    Task task = runtime.load(c.id()).orElse(null);
    TaskStatus status = task == null ? TaskStatus.UNKNOWN : task.status();
    if (task != null && (status == TaskStatus.RUNNING || status == TaskStatus.PAUSED)) {
      tasks.put(c.id(), task);
      monitor.watch(c.id(), task);
      return;
    }
    ExitStatus exit = new ExitStatus(255, Instant.now(), false);
    if (task != null) {
      try {
        exit = task.exit().get(1, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.log(Level.INFO, "no exit code recorded for " + c.id() + "; using 255");
      }
    }
    monitor.exited(c.id(), task, exit);
  }
}
