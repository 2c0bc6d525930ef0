package io.berth.daemon;

import io.berth.api.model.BuildInfo;
import io.berth.common.BerthException;
import io.berth.common.IdMap;
import io.berth.common.Messages;
import io.berth.api.server.http.HttpServer;
import io.berth.api.server.http.Listener;
import io.berth.api.server.http.Router;
import io.berth.api.server.routes.ArchiveRoutes;
import io.berth.api.server.routes.BuildRoutes;
import io.berth.api.server.routes.CommitRoutes;
import io.berth.api.server.routes.ContainerRoutes;
import io.berth.api.server.routes.EventRoutes;
import io.berth.api.server.routes.ExecRoutes;
import io.berth.api.server.routes.ImageRoutes;
import io.berth.api.server.routes.NetworkRoutes;
import io.berth.api.server.routes.SwarmRoutes;
import io.berth.api.server.routes.SwarmWire;
import io.berth.api.server.routes.RegistryRoutes;
import io.berth.api.server.routes.SupervisionRoutes;
import io.berth.api.server.routes.SystemRoutes;
import io.berth.api.server.routes.VolumeRoutes;
import io.berth.content.LocalContentStore;
import io.berth.distribution.RegistryClient;
import io.berth.engine.ContainerService;
import io.berth.image.ImageService;
import io.berth.network.BridgeClaim;
import io.berth.network.NetworkService;
import io.berth.network.swarm.SwarmService;
import io.berth.snapshot.OverlaySnapshotter;
import io.berth.sys.LinuxSyscalls;
import io.berth.volume.LocalVolumeDriver;
import io.berth.volume.VolumeService;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import sun.misc.Signal;

/** The composition root: lock, listeners, services, routes; runs until SIGTERM or SIGINT. */
final class Daemon {
  private static final System.Logger LOG = System.getLogger("berthd");

  private Daemon() {}

  static int run(DaemonConfig given) throws Exception {
    Logging.configure(given.logLevel());
    Listeners.validate(given);
    if (given.rootless() && given.usernsRemap() != null) {
      throw new StartupException("--userns-remap is not supported in rootless mode", null);
    }
    IdMap ids = UsernsRemap.resolve(given.usernsRemap());
    DaemonConfig config = ids.remapped() ? given.withRoot(UsernsRemap.root(given.root(), ids))
        : given;
    io.berth.common.Phases t = io.berth.common.Phases.start("daemon start-up");
    InstanceLock lock = InstanceLock.acquire(config.root());
    t.mark("lock");
    Files.createDirectories(config.execRoot());
    // the networks' start-up (the bridge claim, records, bridge, nftables table: the JVM's
    // first FFM linking, helper processes and the first JSON writes, most of a cold start)
    // runs beside the rest; the containers wait for it. A bridge another live berthd claims
    // fails the start-up from there, after the socket listened: UnixListener refuses a socket
    // path a live daemon answers on, so that second daemon takes nothing from the first
    // (ADR 0150).
    CompletableFuture<NetworkService> networking = new CompletableFuture<>();
    CompletableFuture<BridgeClaim> claimed = new CompletableFuture<>();
    Thread.ofPlatform().name("network-start").start(() -> {
      try {
        claimed.complete(BridgeClaim.take(config.network().bridge()));
        networking.complete(Networks.start(config, new LinuxSyscalls()));
      } catch (Throwable e) {
        claimed.completeExceptionally(e);
        networking.completeExceptionally(e);
      }
    });
    HostFacts host = HostFacts.read();
    t.mark("host");
    // listen now: a /_ping needs none of the services below, and every other request waits
    // for them (Router.then); a client sees the daemon up before the networks are (ADR 0141)
    CompletableFuture<Router> services = new CompletableFuture<>();
    java.nio.file.Path swarmState = config.root().resolve("swarm").resolve("state.json");
    Router starting = new Router().addAll(SystemRoutes.ping(
        () -> Files.exists(swarmState) ? "active/manager" : "inactive")).then(services);
    // the header timeout can be shortened for tests (-Dberth.http.headerTimeout=<seconds>)
    HttpServer server = new HttpServer(starting, BuildInfo.current().version(),
        java.time.Duration.ofSeconds(Long.getLong("berth.http.headerTimeout",
            HttpServer.HEADER_TIMEOUT.toSeconds())), HttpServer.IDLE_TIMEOUT);
    List<Listener> listeners;
    try {
      listeners = Listeners.bind(config);
    } catch (IOException e) {
      lock.close();
      throw new StartupException("cannot listen: " + Messages.of(e), e);
    }
    // the pid file once the socket is ours: a daemon refused there leaves another's in place
    try {
      PidFile.write(config.pidfile());
    } catch (StartupException e) {
      for (Listener l : listeners) {
        closeQuietly(l);
      }
      lock.close();
      throw e;
    }
    listeners.forEach(server::serve);
    for (Listener l : listeners) {
      LOG.log(Level.INFO, "API listen on " + l.address());
    }
    t.mark("listen+serve");
    Services up;
    try {
      // after the listen: the class initialiser links FFM handles (tens of ms in a cold JVM)
      up = services(config, ids, host, new LinuxSyscalls(), networking, t);
    } catch (Exception | Error e) {
      services.completeExceptionally(e);
      server.close();
      PidFile.remove(config.pidfile());
      lock.close();
      throw e;
    }
    ContainerService containers = up.containers();
    ImageService images = up.images();
    CountDownLatch stopRequested = new CountDownLatch(1);
    // SIGTERM and SIGINT end the daemon with status 0, as dockerd's do; without a handler the
    // JVM would run the hook but exit 143.
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), sig -> {
        LOG.log(Level.INFO, "Processing signal '" + sig.getName() + "'");
        stopRequested.countDown();
      });
    }
    AutoCloseable metrics;
    try {
      metrics = Metrics.start(config, server, containers, images.pullStats());
    } catch (RuntimeException e) {
      server.close();
      PidFile.remove(config.pidfile());
      lock.close();
      throw e;
    }
    io.berth.cri.CriServer cri = null;
    if (config.cri() != null) {
      DaemonConfig.Cri c = config.cri();
      try {
        cri = io.berth.cri.Cri.serve(new io.berth.cri.CriSettings(c.socket(), c.sandboxImage(),
            c.cniConfDir(), c.cniBinDir(), "cgroupfs", config.root().resolve("cri"),
            config.execRoot().resolve("netns")), containers, images, config.root(),
            BuildInfo.current().version());
      } catch (IOException e) {
        server.close();
        closeQuietly(metrics);
        PidFile.remove(config.pidfile());
        lock.close();
        throw new StartupException("cannot listen on the CRI socket " + c.socket() + ": "
            + Messages.of(e), e);
      }
      LOG.log(Level.INFO, "CRI listen on unix://" + c.socket());
    }
    // the API beyond /_ping once the CRI listens too: a client that sees /version answered
    // finds every socket of this daemon in place
    services.complete(up.router());
    io.berth.cri.CriServer criServer = cri;
    Runnable shutdown = new Shutdown(server, config, lock, metrics, () -> {
      if (criServer != null) {
        criServer.close();
      }
      containers.close(); // the clean-ups of auto-removed containers finish first
      up.networks().awaitLinkRemovals(); // then the veth removals they left
      claimed.join().close();
    });
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "shutdown"));
    t.mark("metrics+cri");
    t.done();
    SystemdNotify.ready(); // every route is in place and every listener accepts
    if (metrics != null) {
      LOG.log(Level.INFO, "metrics listen on http://" + config.metricsAddr() + "/metrics");
    }
    LOG.log(Level.INFO, "berthd " + BuildInfo.current().version() + " started (root "
        + config.root() + ", cgroup v" + host.cgroupVersion() + ")");
    stopRequested.await();
    shutdown.run();
    return 0;
  }

  /** What the routes serve, once started. */
  private record Services(Router router, ContainerService containers, ImageService images,
      NetworkService networks) {}

  /** The services, in order, and the routes on them; the networks' start-up is awaited here. */
  private static Services services(DaemonConfig config, IdMap ids, HostFacts host,
      LinuxSyscalls sys, CompletableFuture<NetworkService> networking,
      io.berth.common.Phases t) throws Exception {
    OverlaySnapshotter snapshots = new OverlaySnapshotter(config.root(), sys, ids);
    ImageService images = new ImageService(config.root(), new LocalContentStore(config.root()),
        snapshots, snapshots, new RegistryClient(config.registries()));
    // a load or pull cut off by kill -9 leaves snapshots and blobs that no image names; the
    // collection that would have followed it runs now, before any request but /_ping is served
    var swept = images.collectGarbage();
    if (!swept.snapshots().isEmpty() || !swept.blobs().isEmpty()) {
      LOG.log(Level.INFO, "removed " + swept.snapshots().size() + " snapshots and "
          + swept.blobs().size() + " blobs that no image uses");
    }
    t.mark("images+gc");
    VolumeService volumes = new VolumeService(config.root().resolve("volumes"),
        new LocalVolumeDriver(config.root().resolve("volumes"), sys, ids));
    t.mark("volumes");
    NetworkService networks = started(networking);
    t.mark("networks(waited)");
    SwarmService swarm = new SwarmService(config.root(), networks);
    ContainerService containers = Containers.service(config, host, images, snapshots, snapshots,
        sys, volumes, networks, ids);
    t.mark("containers");
    Router router = new Router()
        .addAll(SystemRoutes.routes(new DaemonSystemService(config, ids, host,
            EngineId.load(config.root()), images, containers,
            () -> SwarmWire.info(swarm.state()))))
        .addAll(ImageRoutes.routes(images, () -> VolumeRoutes.usage(volumes)))
        .addAll(RegistryRoutes.routes(images))
        .addAll(ContainerRoutes.routes(containers))
        .addAll(SupervisionRoutes.routes(containers))
        .addAll(ExecRoutes.routes(containers.execs()))
        .addAll(EventRoutes.routes(containers.events()))
        .addAll(NetworkRoutes.routes(networks, containers))
        .addAll(VolumeRoutes.routes(volumes))
        .addAll(ArchiveRoutes.routes(containers))
        .addAll(BuildRoutes.routes(Builds.builder(config, images, snapshots, sys, containers)))
        .addAll(CommitRoutes.routes(containers, Builds.committer(config, images, snapshots, sys)))
        .addAll(SwarmRoutes.routes(swarm));
    t.mark("routes");
    return new Services(router, containers, images, networks);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // start-up is failing already; the first error is the one to report
    }
  }

  /** The network service once its start-up thread is done; its failure as thrown there. */
  private static NetworkService started(CompletableFuture<NetworkService> networking)
      throws Exception {
    try {
      return networking.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw (Error) e.getCause();
    }
  }
}
