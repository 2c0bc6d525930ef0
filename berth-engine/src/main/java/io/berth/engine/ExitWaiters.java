package io.berth.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Futures for {@code wait}: completed when a container's process exits ({@code not-running},
 * {@code next-exit}) or when the container is removed ({@code removed}). Registration and
 * completion share one monitor, so a waiter registered before an exit always sees it.
 */
final class ExitWaiters {
  private final Map<String, List<CompletableFuture<WaitResult>>> exits = new HashMap<>();
  private final Map<String, List<CompletableFuture<WaitResult>>> removals = new HashMap<>();

  synchronized CompletableFuture<WaitResult> nextExit(String id) {
    CompletableFuture<WaitResult> f = new CompletableFuture<>();
    exits.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
    return f;
  }

  synchronized CompletableFuture<WaitResult> removal(String id) {
    CompletableFuture<WaitResult> f = new CompletableFuture<>();
    removals.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
    return f;
  }

  /** The process of {@code id} exited (or failed to start) with {@code code}. */
  synchronized void exited(String id, WaitResult result) {
    List<CompletableFuture<WaitResult>> l = exits.remove(id);
    if (l != null) {
      l.forEach(f -> f.complete(result));
    }
  }

  /** {@code id} is gone; exit waiters still pending get the last exit code too. */
  synchronized void removed(String id, WaitResult result) {
    exited(id, result);
    List<CompletableFuture<WaitResult>> l = removals.remove(id);
    if (l != null) {
      l.forEach(f -> f.complete(result));
    }
  }

  /** Drops a cancelled waiter (the client went away). */
  synchronized void cancel(String id, CompletableFuture<WaitResult> f) {
    exits.getOrDefault(id, new ArrayList<>()).remove(f);
    removals.getOrDefault(id, new ArrayList<>()).remove(f);
  }
}
