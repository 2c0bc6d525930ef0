package io.berth.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the container routes ask of the engine to move a container through its states (moby
 * {@code api/server/router/container/backend.go}, {@code stateBackend}). Errors are the
 * {@code BerthException} the API maps: 404 for an unknown container, 409 for a move its state
 * forbids.
 */
public interface ContainerLifecycle {
  /** Creates a container, with Docker's warnings; 404 no such image, 409 name in use. */
  ContainerService.Created createWithWarnings(CreateRequest request);

  /** Starts it; 304 ({@code NotModified}) when it runs already. */
  void start(String ref);

  /** Stops it ({@code timeout}, {@code signal} may be null); 304 when it is not running. */
  void stop(String ref, Integer timeout, String signal);

  /** Sends {@code signal} (default SIGKILL); 409 when it is not running. */
  void kill(String ref, String signal);

  /** Stops it if it runs, then starts it. */
  void restart(String ref, Integer timeout, String signal);

  /** Freezes its processes; 409 unless it runs. */
  void pause(String ref);

  /** Thaws them; 409 unless it is paused. */
  void unpause(String ref);

  /**
   * A future for {@code wait}: {@code not-running} (the default; at once when not running),
   * {@code next-exit} or {@code removed}; 400 for another condition.
   */
  CompletableFuture<WaitResult> waitFor(String ref, String condition);

  /** Drops a wait whose client went away. */
  void cancelWait(String ref, CompletableFuture<WaitResult> wait);

  /** {@code docker update}: new limits, applied to a running container too; the warnings. */
  List<String> update(String ref, ResourceConfig change);
}
