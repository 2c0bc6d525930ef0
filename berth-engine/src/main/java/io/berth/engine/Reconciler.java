package io.berth.engine;

import io.berth.runtime.ExitStatus;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.Task;
import io.berth.runtime.TaskStatus;
import java.time.Instant;
import java.util.List;
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
    sweepRunDirs();
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
   * Run directories (bundle, rootfs mount) of containers that no record names: an auto-remove
   * whose clean-up after the answer a crash cut off (its record goes before the answer). Their
   * runtime state, mount, snapshot and directory go now.
   */
  private void sweepRunDirs() {
    java.nio.file.Path dir = store.layout().runDir("x").getParent();
    if (!java.nio.file.Files.isDirectory(dir)) {
      return;
    }
    List<String> ids;
    try (var s = java.nio.file.Files.list(dir)) {
      ids = s.map(p -> p.getFileName().toString()).toList();
    } catch (java.io.IOException e) {
      LOG.log(Level.WARNING, "list " + dir, e);
      return;
    }
    for (String id : ids) {
      if (store.find(id).isPresent()) {
        continue;
      }
      try {
        Task task = null;
        try {
          task = runtime.load(id).orElse(null);
        } catch (RuntimeException e) {
          LOG.log(Level.INFO, "no runtime state of " + id + ": " + e);
        }
        LOG.log(Level.INFO, "remove what the removed container " + id + " left");
        remover.sweep(id, task);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "sweep the run directory of " + id, e);
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
