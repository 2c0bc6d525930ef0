package io.berth.engine;

import io.berth.runtime.AttachStream;
import io.berth.runtime.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The runtime tasks of running containers, and attach requests that wait for a start.
 * {@code docker run} attaches before it starts: such an attach is connected to the monitor
 * right after {@code runtime create} and before {@code start}, so no output is missed.
 */
final class LiveTasks {
  private final Map<String, Task> tasks = new HashMap<>();
  private final Map<String, List<CompletableFuture<AttachStream>>> pending = new HashMap<>();

  synchronized void put(String id, Task task) {
    tasks.put(id, task);
  }

  synchronized Optional<Task> get(String id) {
    return Optional.ofNullable(tasks.get(id));
  }

  synchronized Optional<Task> remove(String id) {
    return Optional.ofNullable(tasks.remove(id));
  }

  /** An attach stream to the running task, or one that arrives with the next start. */
  synchronized CompletableFuture<AttachStream> attach(String id) {
    Task t = tasks.get(id);
    if (t != null) {
      return CompletableFuture.completedFuture(t.attach());
    }
    CompletableFuture<AttachStream> f = new CompletableFuture<>();
    pending.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
    return f;
  }

  /** Connects every waiting attach to {@code task}, which is created but not yet started. */
  synchronized void connectPending(String id, Task task) {
    List<CompletableFuture<AttachStream>> l = pending.remove(id);
    if (l == null) {
      return;
    }
    for (CompletableFuture<AttachStream> f : l) {
      try {
        f.complete(task.attach());
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    }
  }

  /** Ends waiting attaches: the start failed or the container is gone. */
  synchronized void failPending(String id, RuntimeException why) {
    List<CompletableFuture<AttachStream>> l = pending.remove(id);
    if (l != null) {
      l.forEach(f -> f.completeExceptionally(why));
    }
  }

  synchronized void cancel(String id, CompletableFuture<AttachStream> f) {
    List<CompletableFuture<AttachStream>> l = pending.get(id);
    if (l != null) {
      l.remove(f);
    }
  }
}
