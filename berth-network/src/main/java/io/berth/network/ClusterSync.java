package io.berth.network;

import io.berth.common.Messages;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The thread that keeps a host in step with the cluster store: it watches berth's keys and
 * runs {@code sync} (a full read, applied under the service's lock) after every change, after
 * the watch is (re)opened and every 30 s besides; and it renews the host's lease every third of
 * its time to live. Changes that arrive together are applied once.
 */
final class ClusterSync implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ClusterSync.class.getName());
  private static final long PERIODIC_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final ClusterStore store;
  private final Runnable sync;
  private final Runnable keepAlive;
  private final long keepAliveNanos;
  private final Semaphore signal = new Semaphore(0);
  private volatile boolean closed;
  private volatile boolean broken;
  private Thread thread;

  ClusterSync(ClusterStore store, Runnable sync, Runnable keepAlive, int leaseTtl) {
    this.store = store;
    this.sync = sync;
    this.keepAlive = keepAlive;
    this.keepAliveNanos = TimeUnit.SECONDS.toNanos(Math.max(1, leaseTtl)) / 3;
  }

  void start() {
    thread = Thread.ofPlatform().daemon().name("cluster-sync").start(this::run);
  }

  private void run() {
    ClusterStore.Watch watch = null;
    long nextKeepAlive = System.nanoTime() + keepAliveNanos;
    long nextSync = 0;
    boolean dirty = true;
    while (!closed) {
      try {
        if (watch == null) {
          broken = false;
          watch = store.watch(ClusterKeys.ROOT, 0, rev -> signal.release(), () -> {
            broken = true;
            signal.release();
          });
          dirty = true;
        }
        long now = System.nanoTime();
        if (dirty || now >= nextSync) {
          dirty = false;
          nextSync = now + PERIODIC_NANOS;
          sync.run();
        }
        if (System.nanoTime() >= nextKeepAlive) {
          keepAlive.run();
          nextKeepAlive = System.nanoTime() + keepAliveNanos;
        }
        long wait = Math.min(nextKeepAlive, nextSync) - System.nanoTime();
        if (signal.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
          signal.drainPermits();
          dirty = true;
        }
        if (broken) {
          watch.close();
          watch = null;
        }
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "cluster store: " + Messages.of(e));
        if (watch != null) {
          watch.close();
          watch = null;
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          break;
        }
      }
    }
    if (watch != null) {
      watch.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
