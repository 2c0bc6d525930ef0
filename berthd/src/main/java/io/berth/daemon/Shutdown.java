package io.berth.daemon;

import io.berth.api.server.http.HttpServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops serving, removes the socket and the pid file, releases the root lock. Runs once, from
 * the signal handler's path or from the JVM's shutdown hook, whichever comes first.
 */
final class Shutdown implements Runnable {
  private static final System.Logger LOG = System.getLogger("berthd");

  private final HttpServer server;
  private final DaemonConfig config;
  private final InstanceLock lock;
  private final AutoCloseable metrics;
  private final AtomicBoolean done = new AtomicBoolean();

  /** @param metrics the metrics endpoint, or null */
  Shutdown(HttpServer server, DaemonConfig config, InstanceLock lock, AutoCloseable metrics) {
    this.server = server;
    this.config = config;
    this.lock = lock;
    this.metrics = metrics;
  }

  @Override
  public void run() {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    SystemdNotify.stopping();
    server.close();
    if (metrics != null) {
      try {
        metrics.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing the metrics endpoint: " + e);
      }
    }
    PidFile.remove(config.pidfile());
    try {
      lock.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "releasing lock: " + e);
    }
    LOG.log(Level.INFO, "Daemon shutdown complete");
  }
}
