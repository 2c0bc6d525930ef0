package io.berth.network;

import io.berth.common.Messages;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a piece of work inside a network namespace: a platform thread of its own enters it by
 * {@code setns(2)}, runs the work and ends, never reused, so no other work ever runs in the
 * container's namespace (ARCHITECTURE.md, "Threads and native calls"). What the work makes
 * there (a socket belongs to the namespace it was created in, socket(7)) stays there once the
 * thread has gone.
 */
final class InNamespace {
  private InNamespace() {}

  /**
   * The work's answer; its failure, or the failure to enter ({@code enter <ns>: …}), as an
   * IOException.
   */
  static <T> T call(Syscalls sys, Path ns, String threadName, Callable<T> work)
      throws IOException {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t = Thread.ofPlatform().name(threadName).unstarted(() -> {
      try {
        sys.setns(ns.toString(), Syscalls.CLONE_NEWNET);
      } catch (RuntimeException e) {
        result.set(new IOException("enter " + ns + ": " + Messages.of(e), e));
        return;
      }
      try {
        result.set(new Answer(work.call()));
      } catch (Exception e) {
        result.set(e);
      }
    });
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted in " + ns);
    }
    return switch (result.get()) {
      case Answer a -> cast(a.value());
      case IOException e -> throw e;
      case Exception e -> throw new IOException(Messages.of(e), e);
      default -> throw new IOException("no answer from " + threadName + " in " + ns);
    };
  }

  private record Answer(Object value) {}

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
