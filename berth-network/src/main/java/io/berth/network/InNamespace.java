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
    try {
      return onThreadOfItsOwn(threadName, () -> {
        try {
          sys.setns(ns.toString(), Syscalls.CLONE_NEWNET);
        } catch (RuntimeException e) {
          throw new IOException("enter " + ns + ": " + Messages.of(e), e);
        }
        return work.call();
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted in " + ns);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(Messages.of(e), e);
    }
  }

  /**
   * Runs {@code work} on a platform thread started for it alone, which ends with it: the one
   * place where berthd's threads enter or make a namespace ({@code setns}, {@code unshare}),
   * which only such a thread may do (a virtual thread moves between carriers). Returns the
   * work's answer or throws what it threw.
   *
   * @throws InterruptedException when the caller is interrupted while it waits
   */
  static <T> T onThreadOfItsOwn(String threadName, Callable<T> work) throws Exception {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t = Thread.ofPlatform().name(threadName).unstarted(() -> {
      try {
        result.set(new Answer(work.call()));
      } catch (Exception e) {
        result.set(e);
      }
    });
    t.start();
    t.join();
    return switch (result.get()) {
      case Answer a -> cast(a.value());
      case Exception e -> throw e;
      default -> throw new IllegalStateException(threadName + " ended without an answer");
    };
  }

  private record Answer(Object value) {}

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
