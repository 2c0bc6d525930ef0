package io.berth.daemon;

import io.berth.api.server.http.HttpServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops serving, stops the engine (which finishes the clean-ups it left for after an answer,
 * ADR 0119), removes the socket and the pid file, releases the root lock. Runs once, from the
 * signal handler's path or from the JVM's shutdown hook, whichever comes first.
 */
final class Shutdown implements Runnable {
  private static final System.Logger LOG = System.getLogger("berthd");

  private final HttpServer server;
  private final DaemonConfig config;
  private final InstanceLock lock;
  private final AutoCloseable metrics;
  private final Runnable engine;
  private final AtomicBoolean done = new AtomicBoolean();

  /**
   * @param metrics the metrics endpoint, or null
   * @param engine stops the CRI server and the container service, before the lock goes
   */
  Shutdown(HttpServer server, DaemonConfig config, InstanceLock lock, AutoCloseable metrics,
      Runnable engine) {
    this.server = server;
    this.config = config;
    this.lock = lock;
    this.metrics = metrics;
    this.engine = engine;
  }

  @Override
  public void run() {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    SystemdNotify.stopping();
    server.close();
    try {
      engine.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stopping the engine: " + e);
    }
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
