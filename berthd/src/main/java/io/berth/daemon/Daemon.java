package io.berth.daemon;

import io.berth.api.model.BuildInfo;
import io.berth.api.server.http.HttpServer;
import io.berth.api.server.http.Listener;
import io.berth.api.server.http.Router;
import io.berth.api.server.routes.ImageRoutes;
import io.berth.api.server.routes.SystemRoutes;
import io.berth.content.LocalContentStore;
import io.berth.image.ImageService;
import io.berth.snapshot.OverlaySnapshotter;
import io.berth.sys.LinuxSyscalls;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The composition root: lock, listeners, services, routes; runs until SIGTERM or SIGINT. */
final class Daemon {
  private static final System.Logger LOG = System.getLogger("berthd");

  private Daemon() {}

  static int run(DaemonConfig config) throws Exception {
    Logging.configure(config.logLevel());
    Listeners.validate(config);
    InstanceLock lock = InstanceLock.acquire(config.root());
    Files.createDirectories(config.execRoot());
    PidFile.write(config.pidfile());
    HostFacts host = HostFacts.read();
    ImageService images = images(config);
    Router router = new Router()
        .addAll(SystemRoutes.routes(new DaemonSystemService(config, host,
            EngineId.load(config.root()), images)))
        .addAll(ImageRoutes.routes(images));
    HttpServer server = new HttpServer(router, BuildInfo.current().version());
    List<Listener> listeners;
    try {
      listeners = Listeners.bind(config);
    } catch (IOException e) {
      PidFile.remove(config.pidfile());
      lock.close();
      throw new StartupException("cannot listen: " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.log(Level.INFO, "Processing signal 'terminated'");
      server.close();
      PidFile.remove(config.pidfile());
      try {
        lock.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "releasing lock: " + e);
      }
      LOG.log(Level.INFO, "Daemon shutdown complete");
      stopped.countDown();
    }, "shutdown"));
    listeners.forEach(server::serve);
    for (Listener l : listeners) {
      LOG.log(Level.INFO, "API listen on " + l.address());
    }
    LOG.log(Level.INFO, "berthd " + BuildInfo.current().version() + " started (root "
        + config.root() + ", cgroup v" + host.cgroupVersion() + ")");
    stopped.await();
    return 0;
  }

  /** The only place that names the storage implementations. */
  private static ImageService images(DaemonConfig config) {
    OverlaySnapshotter snapshots = new OverlaySnapshotter(config.root(), new LinuxSyscalls());
    return new ImageService(config.root(), new LocalContentStore(config.root()), snapshots,
        snapshots);
  }
}
