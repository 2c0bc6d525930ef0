package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.runtime.Task;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code stop} and {@code kill}. Stop sends the container's stop signal (StopSignal, else
 * SIGTERM), waits up to the timeout (the request's, else StopTimeout, else 10 s; negative waits
 * forever) and then sends SIGKILL to every process. Both return once the exit is recorded.
 */
final class ContainerStopper {
  private static final int KILL_WAIT_SECONDS = 30;

  private final ContainerStore store;
  private final LiveTasks tasks;
  private final ExitWaiters waiters;
  private final EventBus events;
  private final RestartSupervisor restarts;

  ContainerStopper(ContainerStore store, LiveTasks tasks, ExitWaiters waiters, EventBus events,
      RestartSupervisor restarts) {
    this.store = store;
    this.tasks = tasks;
    this.waiters = waiters;
    this.events = events;
    this.restarts = restarts;
  }

  /**
   * A user's stop or kill: the restart policy must not undo it (Docker's
   * {@code HasBeenManuallyStopped}). A container waiting to be restarted just stays exited;
   * true when that was the case.
   */
  private boolean markStopped(Container c) {
    boolean wasPending = restarts.cancel(c.id());
    Container after = store.update(c.id(), x -> {
      Container y = x.withState(x.state().withManuallyStopped(true));
      return y.status() == ContainerStatus.RESTARTING
          ? y.withState(y.state().withStatus(ContainerStatus.EXITED)) : y;
    });
    return wasPending || (c.status() == ContainerStatus.RESTARTING
        && after.status() == ContainerStatus.EXITED);
  }

  /**
   * Frozen processes do not act on signals: after sending one to a paused container, thaw it
   * (moby {@code daemon/kill.go} resumes a paused container the same way).
   */
  private void thaw(Container c, Task task) {
    if (store.find(c.id()).map(x -> x.status() == ContainerStatus.PAUSED).orElse(false)) {
      try {
        task.resume();
      } catch (RuntimeException e) {
        // gone meanwhile
      }
      try {
        store.update(c.id(), x -> x.status() == ContainerStatus.PAUSED
            ? x.withState(x.state().withStatus(ContainerStatus.RUNNING)) : x);
      } catch (RuntimeException e) {
        // exited meanwhile
      }
    }
  }

  /** 304 when the container is not running. */
  void stop(String ref, Integer timeoutSeconds, String signal) {
    Container c = store.get(ref);
    if (c.status().isRunning() && markStopped(c)) {
      publish(c, "stop", Map.of());
      return;
    }
    Task task = tasks.get(c.id()).orElse(null);
    if (!c.status().isRunning() || task == null) {
      throw new BerthException.NotModified("Container " + c.id() + " is not running");
    }
    int sig = Signals.parse(signal != null ? signal : c.config().stopSignal(), Signals.SIGTERM);
    int timeout = timeoutSeconds != null ? timeoutSeconds
        : c.config().stopTimeout() != null ? c.config().stopTimeout() : 10;
    CompletableFuture<WaitResult> exit = waiters.nextExit(c.id());
    publish(c, "kill", Map.of("signal", Integer.toString(sig)));
    try {
      task.kill(sig, false);
    } catch (RuntimeException e) {
      // the process may have exited meanwhile; the SIGKILL path below settles it
    }
    thaw(c, task);
    if (!await(exit, timeout < 0 ? Long.MAX_VALUE : timeout)) {
      killAndWait(c, task, exit);
    }
    publish(c, "stop", Map.of());
  }

  /** {@code docker kill}: 409 Docker's text when not running; SIGKILL waits for the exit. */
  void kill(String ref, String signal) {
    Container c = store.get(ref);
    if (c.status().isRunning() && markStopped(c)) {
      return;
    }
    Task task = tasks.get(c.id()).orElse(null);
    if (!c.status().isRunning() || task == null) {
      throw BerthException.conflict("Cannot kill container: " + c.id() + ": Container "
          + c.id() + " is not running");
    }
    int sig = Signals.parse(signal, Signals.SIGKILL);
    CompletableFuture<WaitResult> exit = waiters.nextExit(c.id());
    publish(c, "kill", Map.of("signal", Integer.toString(sig)));
    signal(task, sig, false, exit);
    thaw(c, task);
    if (sig == Signals.SIGKILL) {
      await(exit, KILL_WAIT_SECONDS);
    } else {
      waiters.cancel(c.id(), exit);
    }
  }

  /**
   * Sends SIGKILL to every process of a running container and waits for the recorded exit;
   * whatever its state, its restart policy is called off ({@code rm -f}).
   */
  void forceKill(Container c) {
    String policy = c.hostConfig().restartPolicy().name();
    if (!c.status().isRunning() && (policy == null || policy.isEmpty() || policy.equals("no"))) {
      return; // nothing runs and nothing will restart it: no record to write
    }
    if (markStopped(c) || !(c.status() == ContainerStatus.RUNNING
        || c.status() == ContainerStatus.PAUSED)) {
      return;
    }
    Task task = tasks.get(c.id()).orElse(null);
    if (task != null) {
      killAndWait(c, task, waiters.nextExit(c.id()));
    }
  }

  private void killAndWait(Container c, Task task, CompletableFuture<WaitResult> exit) {
    publish(c, "kill", Map.of("signal", Integer.toString(Signals.SIGKILL))); // as dockerd
    signal(task, Signals.SIGKILL, true, exit);
    thaw(c, task);
    if (!await(exit, KILL_WAIT_SECONDS)) {
      throw BerthException.internal("container " + c.id() + " did not exit after SIGKILL", null);
    }
  }

  /**
   * Signals the task. A runtime that refuses because the process exited meanwhile (runc:
   * "container does not exist") has done what was asked, as dockerd treats a kill racing an
   * exit: the refusal counts only when no exit follows within a second.
   */
  private static void signal(Task task, int sig, boolean all, CompletableFuture<WaitResult> exit) {
    try {
      task.kill(sig, all);
    } catch (RuntimeException e) {
      if (!await(exit, 1)) {
        throw e;
      }
    }
  }

  private static boolean await(CompletableFuture<WaitResult> f, long seconds) {
    try {
      f.get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.internal("interrupted while stopping", e);
    }
  }

  private void publish(Container c, String action, Map<String, String> extra) {
    events.publish(ContainerEvent.of(c, action, extra));
  }
}
