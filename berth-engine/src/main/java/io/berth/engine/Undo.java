package io.berth.engine;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An undo stack for half-done work (containerd {@code core/runtime/v2/bundle.go}): each step
 * that created something pushes how to remove it; on failure {@link #rollback} runs them newest
 * first, keeping the first error and adding later ones as suppressed.
 */
final class Undo {
  private final Deque<Runnable> steps = new ArrayDeque<>();

  void push(Runnable step) {
    steps.push(step);
  }

  /** Runs every step in reverse order; their failures are added to {@code cause}. */
  void rollback(Throwable cause) {
    while (!steps.isEmpty()) {
      try {
        steps.pop().run();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }

  /** The work succeeded: forget the steps. */
  void commit() {
    steps.clear();
  }
}
