package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.image.ImageEvents;
import io.berth.image.ImageService;
import io.berth.image.ImageUsers;
import io.berth.network.ContainerNetworking;
import io.berth.runtime.OciRuntime;
import io.berth.snapshot.LayerDirs;
import io.berth.snapshot.Mounter;
import io.berth.snapshot.Snapshotter;
import io.berth.volume.Volume;
import io.berth.volume.VolumeService;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The container facade the API server talks to, through the role interfaces of
 * {@link ContainerBackend} (moby's {@code backend.go}). Each operation family lives in its own
 * class (creator, starter, stopper, remover, renamer, attacher, logs, queries, monitor,
 * reconciler); this class wires them. Construction only wires: {@link #reconcile} reads the
 * containers from disk and reconciles them with the runtime, and berthd's wiring calls it once,
 * after handing this engine to the image service ({@link ImageUsers}, {@link #imageEvents}) and
 * the volume service ({@link #volumeEvents}).
 */
public final class ContainerService implements ContainerBackend, ImageUsers {
  private final ContainerStore store;
  private final Layout layout;
  private final OciRuntime runtime;
  private final ExitWaiters waiters = new ExitWaiters();
  private final LiveTasks tasks = new LiveTasks();
  private final ContainerCreator creator;
  private final ContainerStarter starter;
  private final ContainerStopper stopper;
  private final ContainerRemover remover;
  private final ContainerRenamer renamer;
  private final ContainerAttacher attacher;
  private final ContainerLogs logs;
  private final ContainerQueries queries;
  private final ContainerChanges changes;
  private final ContainerExporter exporter;
  private final ExecService execs;
  private final EventBus events;
  private final ContainerMonitor monitor;
  private final RestartSupervisor restarts;
  private final ContainerPauser pauser;
  private final ContainerUpdater updater;
  private final CgroupStats stats;
  private final HealthMonitor health;
  private final LogRotator logRotator;
  private final ContainerNetworking networks;
  private final ContainerArchive archive;

  /**
   * @param layout {@code <root>/containers} for metadata, {@code <exec-root>/containers} for
   *     bundles
   * @param snapshots prepares each container's writable layer (keyed by container id)
   * @param layers the snapshots' layer directories, read by {@code changes}
   * @param mounter mounts that layer at {@code <bundle>/rootfs}
   * @param spec writes the bundle's config.json (berthd: SpecGenerator)
   * @param logSource reads the monitor's log files (berthd: the runtime's k8s-file reader)
   * @param ps lists a container's processes for top ({@link PsProcessLister})
   * @param volumes named volumes, for {@code -v}, {@code --mount} and {@code rm -v}
   */
  public ContainerService(Layout layout, ImageService images, Snapshotter snapshots,
      LayerDirs layers, Mounter mounter, OciRuntime runtime, BundleSpec spec,
      LogSource logSource, ProcessLister ps, EventBus events, EngineSettings settings,
      VolumeService volumes) {
    this(layout, images, snapshots, layers, mounter, runtime, spec, logSource, ps, events,
        settings, volumes, ContainerNetworking.NONE);
  }

  /**
   * @param networks sets up each container's network namespace, addresses and published ports
   *     (berthd: {@code NetworkService}); {@link ContainerNetworking#NONE} gives each container
   *     an empty namespace of its own
   */
  public ContainerService(Layout layout, ImageService images, Snapshotter snapshots,
      LayerDirs layers, Mounter mounter, OciRuntime runtime, BundleSpec spec,
      LogSource logSource, ProcessLister ps, EventBus events, EngineSettings settings,
      VolumeService volumes, ContainerNetworking networks) {
    this.networks = networks;
    this.store = new ContainerStore(layout);
    this.layout = layout;
    this.runtime = runtime;
    this.events = events;
    ContainerLocks locks = new ContainerLocks();
    Teardown teardown = new Teardown(layout, mounter, tasks, networks);
    this.restarts = new RestartSupervisor(store, locks, this::policyStart);
    this.execs = new ExecService(store, tasks, spec, events);
    this.stopper = new ContainerStopper(store, tasks, waiters, events, restarts);
    ContainerVolumes mounts = new ContainerVolumes(volumes, store, snapshots, mounter, events);
    this.remover = new ContainerRemover(store, locks, snapshots, teardown, tasks, waiters,
        events, stopper, mounts, id -> {
          execs.forget(id);
          networks.forget(id);
          restarts.forget(id);
        });
    this.monitor = new ContainerMonitor(store, locks, teardown, waiters, events,
        remover, restarts, c -> {
          NetworkEvents.publish(events, networks, c.id(), "disconnect");
          mounts.unmounted(c);
        });
    HostFiles hostFiles = new HostFiles(settings.hostResolvConf());
    this.creator = new ContainerCreator(store, images, snapshots, hostFiles, events, mounts,
        networks, settings.defaultRuntime(), settings.defaultLog());
    this.starter = new ContainerStarter(store, locks, snapshots, mounter, spec, runtime,
        settings.defaultRuntime(), tasks, monitor, waiters, events, remover, mounts, networks,
        hostFiles, restarts);
    this.pauser = new ContainerPauser(store, locks, tasks, events);
    CgroupHost cgroups = CgroupHost.detect();
    this.updater = new ContainerUpdater(store, locks, tasks, events, cgroups);
    this.stats = new CgroupStats(cgroups, java.nio.file.Path.of("/proc"));
    this.health = new HealthMonitor(store, execs, events);
    this.logRotator = new LogRotator(store, tasks, events);
    this.renamer = new ContainerRenamer(store, locks, events);
    this.attacher = new ContainerAttacher(store, tasks);
    this.logs = new ContainerLogs(store, logSource, waiters);
    this.queries = new ContainerQueries(store, images, execs, ps, networks);
    this.changes = new ContainerChanges(store, snapshots, layers);
    this.exporter = new ContainerExporter(store, locks, tasks, snapshots, mounter, layout,
        settings.ids());
    this.archive = new ContainerArchive(store, locks, tasks, snapshots, mounter, layout,
        settings.ids());
  }

  /**
   * Start-up reconciliation, once, before anything is served: reads every container from disk,
   * reconciles the ones recorded as running with the runtime (live ones are watched again,
   * dead ones get their exit), restarts what the restart policies ask, gives the network the
   * running ones, and resumes their health checks and log rotation.
   */
  public void reconcile() {
    store.load();
    new Reconciler(store, runtime, tasks, monitor, remover, restarts).reconcile();
    networks.adopt(store.all().stream().filter(c -> c.status().isRunning())
        .map(Container::id).collect(java.util.stream.Collectors.toSet()))
        .forEach(this::useEmbeddedDns);
    store.all().stream().filter(c -> c.status() == ContainerStatus.RUNNING
        || c.status() == ContainerStatus.PAUSED).forEach(c -> {
          health.started(c.id());
          logRotator.watch(c.id());
        });
  }

  /** Where the image service's events go: this engine's bus, as {@code image} events. */
  public ImageEvents imageEvents() {
    return (action, actor, attrs) -> events.publish(new Event("image", action, actor, attrs,
        java.time.Instant.now()));
  }

  /** Where the volume service's events go: this engine's bus, as {@code volume} events. */
  public BiConsumer<String, Volume> volumeEvents() {
    return (action, v) -> events.publish(new Event("volume", action, v.name(),
        Map.of("driver", v.driver()), java.time.Instant.now()));
  }

  /** A restart policy's start, for the restart supervisor. */
  private void policyStart(String id, boolean afterExit) {
    starter.policyStart(id, afterExit);
  }

  /**
   * Stops watching tasks, as at daemon shutdown: containers go on running and their exits are
   * left for the next service on this root to find.
   */
  public void close() {
    monitor.close();
    remover.close();
    health.close();
    logRotator.close();
  }

  /** Creates a container; 404 {@code No such image}, 409 name in use, 400 invalid settings. */
  public Container create(CreateRequest request) {
    return creator.create(request).container();
  }

  /** {@link #create}, with the warnings Docker returns in the create response. */
  @Override
  public Created createWithWarnings(CreateRequest request) {
    ContainerCreator.Created c = creator.create(request);
    return new Created(c.container(), c.warnings());
  }

  /** A created container and its warnings. */
  public record Created(Container container, List<String> warnings) {}

  /** Starts it; 304 when it runs already. */
  @Override
  public void start(String ref) {
    starter.start(ref);
  }

  /** Stops it; 304 when it is not running. {@code timeout}/{@code signal} may be null. */
  @Override
  public void stop(String ref, Integer timeout, String signal) {
    stopper.stop(ref, timeout, signal);
  }

  /** Sends a signal (default SIGKILL); 409 when it is not running. */
  @Override
  public void kill(String ref, String signal) {
    stopper.kill(ref, signal);
  }

  @Override
  public void restart(String ref, Integer timeout, String signal) {
    try {
      stopper.stop(ref, timeout, signal);
    } catch (BerthException.NotModified e) {
      // not running: restart is a start
    }
    starter.start(ref);
    events.publish(ContainerEvent.of(store.get(ref), "restart"));
  }

  /** Freezes its processes; 409 unless it runs. */
  @Override
  public void pause(String ref) {
    pauser.pause(ref);
  }

  /** Thaws them; 409 unless it is paused. */
  @Override
  public void unpause(String ref) {
    pauser.unpause(ref);
  }

  /** {@code docker update}: new limits, also applied to a running container; the warnings. */
  @Override
  public List<String> update(String ref, ResourceConfig change) {
    return updater.update(ref, change);
  }

  /**
   * One reading of the container's counters ({@code docker stats}); zeros when it does not
   * run. 404 for an unknown container.
   */
  @Override
  public StatsSample stats(String ref) {
    Container c = store.get(ref);
    if (!c.status().isRunning() || c.status() == ContainerStatus.RESTARTING) {
      return StatsSample.empty(java.time.Instant.now());
    }
    int pid = tasks.get(c.id()).map(io.berth.runtime.Task::pid).orElse(c.state().pid());
    return stats.read(CGROUP_PARENT + c.id(), pid);
  }

  /**
   * Makes the monitor reopen the container's log file (the CRI's ReopenContainerLog, after
   * kubelet renamed the file away). 409 when it does not run.
   */
  public void reopenLog(String ref) {
    Container c = store.get(ref);
    io.berth.runtime.Task task = tasks.get(c.id()).orElseThrow(() ->
        BerthException.conflict("Container " + c.id() + " is not running"));
    task.reopenLog();
  }

  /** Where containers' cgroups live, as {@code SpecBundle} names them. */
  static final String CGROUP_PARENT = "/berth/";

  /** Removes it; 409 when running unless {@code force}. */
  public void remove(String ref, boolean force) {
    remover.remove(ref, force);
  }

  /**
   * {@code DELETE /containers/{id}}: removes it and, with {@code volumes} ({@code rm -v}), its
   * anonymous volumes; the runtime's state, rootfs and snapshot go after the answer (a crash
   * meanwhile is finished at start-up).
   */
  @Override
  public void remove(String ref, boolean force, boolean volumes) {
    remover.remove(ref, force, volumes, true);
  }

  @Override
  public void rename(String ref, String newName) {
    renamer.rename(ref, newName);
    networks.rename(store.get(newName).id(), newName);
  }

  /**
   * A future for {@code wait}: {@code not-running} (default; at once when not running),
   * {@code next-exit} or {@code removed}. Unknown containers are 404 at once.
   */
  @Override
  public CompletableFuture<WaitResult> waitFor(String ref, String condition) {
    Container c = store.get(ref);
    String id = c.id();
    return switch (condition == null || condition.isEmpty() ? "not-running" : condition) {
      case "not-running" -> {
        CompletableFuture<WaitResult> f = waiters.nextExit(id);
        Container now = store.find(id).orElse(c);
        if (!now.status().isRunning()) {
          waiters.cancel(id, f);
          f.complete(new WaitResult(now.state().exitCode(), null));
        }
        yield f;
      }
      case "next-exit" -> waiters.nextExit(id);
      case "removed" -> {
        CompletableFuture<WaitResult> f = waiters.removal(id);
        if (store.find(id).isEmpty()) {
          waiters.cancel(id, f);
          f.complete(new WaitResult(c.state().exitCode(), null));
        }
        yield f;
      }
      default -> throw BerthException.invalid("invalid condition: \"" + condition + "\"");
    };
  }

  /** Drops a wait whose client went away. */
  @Override
  public void cancelWait(String ref, CompletableFuture<WaitResult> f) {
    store.find(ref).ifPresent(c -> waiters.cancel(c.id(), f));
    f.cancel(false);
  }

  @Override
  public Attachment attach(String ref, AttachOptions options) {
    Attachment a = attacher.attach(ref, options);
    try {
      events.publish(ContainerEvent.of(store.get(ref), "attach"));
    } catch (BerthException.NotFound e) {
      // removed meanwhile
    }
    return a;
  }

  @Override
  public void resize(String ref, int height, int width) {
    Container c = store.get(ref);
    tasks.get(c.id()).orElseThrow(() -> BerthException.conflict("Container " + c.id()
        + " is not running")).resize(height, width);
  }

  @Override
  public void logs(String ref, LogOptions options, OutputSink sink) throws IOException {
    logs.logs(ref, options, sink);
  }

  /**
   * Containers for {@code GET /containers/json}; those labelled {@code io.berth.hidden} (the
   * CRI's) only when the filters name that label.
   */
  @Override
  public List<ContainerView> list(boolean all, int limit, Map<String, List<String>> filters) {
    return queries.list(all, limit, HiddenContainers.exclude(filters));
  }

  @Override
  public ContainerView inspect(String ref) {
    return queries.inspect(ref);
  }

  /**
   * A TCP connection to {@code port} on localhost inside the running container's network
   * namespace (that of x for {@code --network container:x}, the host's for {@code host}): what
   * kubelet's port-forward dials (the CRI, ADR 0143). 409 when it does not run.
   */
  public java.nio.channels.SocketChannel connect(String ref, int port) throws IOException {
    Container c = store.get(ref);
    String mode = c.hostConfig().networkMode();
    if (mode != null && mode.startsWith("container:")) {
      c = store.get(mode.substring("container:".length()));
    }
    if (!c.status().isRunning()) {
      throw BerthException.conflict("Container " + c.id() + " is not running");
    }
    return networks.connect(c.id(), port);
  }

  @Override
  public ProcessLister.Table top(String ref, String psArgs) {
    return queries.top(ref, psArgs);
  }

  /** {@code docker diff}: the writable layer's changes in walk order; 404 unknown container. */
  @Override
  public List<Change> changes(String ref) {
    return changes.changes(ref);
  }

  /**
   * {@code docker export}: writes the merged filesystem as a tar to {@code out} (left open).
   * An unknown container is 404 before anything is written.
   */
  @Override
  public void export(String ref, OutputStream out) throws IOException {
    exporter.export(ref, out);
  }

  /** {@code HEAD /archive}: the path's stat; 404 {@code Could not find the file ...}. */
  @Override
  public PathStat statPath(String ref, String path) {
    return archive.stat(ref, path);
  }

  /**
   * {@code GET /archive}: stats {@code path}, gets the response stream from {@code open} with
   * the stat, and writes the path as a tar to it.
   */
  @Override
  public void archive(String ref, String path,
      java.util.function.Function<PathStat, OutputStream> open) {
    archive.read(ref, path, open);
  }

  /** {@code PUT /archive}: unpacks {@code tar} into directory {@code path} of the container. */
  @Override
  public void extract(String ref, String path, java.io.InputStream tar,
      boolean noOverwriteDirNonDir, boolean copyUidGid) {
    archive.write(ref, path, tar, noOverwriteDirNonDir, copyUidGid);
  }

  /** {@code container prune}: the stopped containers removed and their layers' bytes. */
  @Override
  public ContainersPruned prune(Map<String, List<String>> filters) {
    return remover.prune(ContainerFilters.prune(HiddenContainers.exclude(filters)));
  }

  public ExecService execs() {
    return execs;
  }

  @Override
  public EventBus events() {
    return events;
  }

  /**
   * {@code docker rm --link /parent/alias}: the parent forgets that link (its next start has no
   * hosts entry or environment for it); the linked container stays. A link that is not there
   * is no error, as in dockerd.
   *
   * @throws BerthException.Conflict for a container's own name (no parent)
   * @throws BerthException.NotFound when the parent does not exist
   */
  @Override
  public void removeLink(String linkName) {
    String full = linkName.startsWith("/") ? linkName : "/" + linkName;
    int slash = full.lastIndexOf('/');
    if (slash == 0) {
      throw BerthException.conflict("Conflict, cannot remove the default link name of the"
          + " container");
    }
    String parent = full.substring(0, slash);
    Container p;
    try {
      p = store.get(parent.substring(1));
    } catch (BerthException.NotFound e) {
      throw BerthException.notFound("Cannot get parent " + parent + " for link name " + full);
    }
    LegacyLinks.remove(store, p.id(), full);
  }

  /**
   * After {@code network connect} gave a running container its embedded DNS: its resolv.conf
   * names {@code 127.0.0.11}, as dockerd rewrites it (libnetwork sandbox rebuildDNS).
   */
  public void useEmbeddedDns(String id) {
    HostFiles.useEmbeddedDns(layout.dir(id).resolve("resolv.conf"));
  }

  /** The containers made from {@code image}, running ones first: rmi refuses to remove it. */
  @Override
  public List<ImageUsers.User> usersOf(Digest image) {
    return store.all().stream().filter(c -> image.toString().equals(c.image()))
        .map(c -> new ImageUsers.User(c.id(), c.status().isRunning()))
        .sorted(Comparator.comparing((ImageUsers.User u) -> !u.running()))
        .toList();
  }
}
