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

  ContainerStopper(ContainerStore store, LiveTasks tasks, ExitWaiters waiters, EventBus events) {
    this.store = store;
    this.tasks = tasks;
    this.waiters = waiters;
    this.events = events;
  }

  /** 304 when the container is not running. */
  void stop(String ref, Integer timeoutSeconds, String signal) {
    Container c = store.get(ref);
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
    if (!await(exit, timeout < 0 ? Long.MAX_VALUE : timeout)) {
      killAndWait(c, task, exit);
    }
    publish(c, "stop", Map.of());
  }

  /** {@code docker kill}: 409 Docker's text when not running; SIGKILL waits for the exit. */
  void kill(String ref, String signal) {
    Container c = store.get(ref);
    Task task = tasks.get(c.id()).orElse(null);
    if (!c.status().isRunning() || task == null) {
      throw BerthException.conflict("Cannot kill container: " + c.id() + ": Container "
          + c.id() + " is not running");
    }
    int sig = Signals.parse(signal, Signals.SIGKILL);
    CompletableFuture<WaitResult> exit = waiters.nextExit(c.id());
    publish(c, "kill", Map.of("signal", Integer.toString(sig)));
    task.kill(sig, false);
    if (sig == Signals.SIGKILL) {
      await(exit, KILL_WAIT_SECONDS);
    } else {
      waiters.cancel(c.id(), exit);
    }
  }

  /** Sends SIGKILL to every process of a running container and waits for the recorded exit. */
  void forceKill(Container c) {
    Task task = tasks.get(c.id()).orElse(null);
    if (task != null) {
      killAndWait(c, task, waiters.nextExit(c.id()));
    }
  }

  private void killAndWait(Container c, Task task, CompletableFuture<WaitResult> exit) {
    task.kill(Signals.SIGKILL, true);
    if (!await(exit, KILL_WAIT_SECONDS)) {
      throw BerthException.internal("container " + c.id() + " did not exit after SIGKILL", null);
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
    Map<String, String> attrs = new java.util.HashMap<>(extra);
    attrs.put("name", c.name().substring(1));
    attrs.put("image", c.config().image());
    events.publish(new Event("container", action, c.id(), attrs, Instant.now()));
  }
}
