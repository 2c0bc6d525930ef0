package io.berth.engine;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work done after the client has its answer (an auto-removed container's mount and snapshot),
 * each on its own virtual thread; {@link #await} lets a stopping daemon finish it.
 */
final class Background {
  private static final Logger LOG = Logger.getLogger(Background.class.getName());

  private final Set<CountDownLatch> running = ConcurrentHashMap.newKeySet();

  void run(String what, Runnable work) {
    CountDownLatch done = new CountDownLatch(1);
    running.add(done);
    Thread.ofVirtual().name(what).start(() -> {
      try {
        work.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, what + " failed", e);
      } finally {
        running.remove(done);
        done.countDown();
      }
    });
  }

  /** Waits until the work started so far has ended, or {@code limit} has passed. */
  void await(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      for (CountDownLatch l : Set.copyOf(running)) {
        if (!l.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          LOG.log(Level.WARNING, "clean-up still running at shutdown");
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
