package io.berth.engine;

import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import io.berth.common.Phases;
import io.berth.network.ContainerNetworking;
import io.berth.runtime.CreateRequest;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.Task;
import io.berth.snapshot.Mounter;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * {@code docker start}: mounts the rootfs at {@code <bundle>/rootfs}, writes the bundle's
 * {@code config.json} through {@link BundleSpec}, creates the task, connects waiting attaches,
 * starts it and records Pid and StartedAt; then the {@link ContainerMonitor} watches the exit.
 * Starting a running container is 304. A failed start undoes the task, the mount and the
 * bundle, records the error in State.Error, and removes an AutoRemove container.
 */
final class ContainerStarter {
  private final ContainerStore store;
  private final ContainerLocks locks;
  private final Snapshotter snapshots;
  private final Mounter mounter;
  private final BundleSpec spec;
  private final OciRuntime runtime;
  private final String defaultRuntime;
  private final LiveTasks tasks;
  private final ContainerMonitor monitor;
  private final ExitWaiters waiters;
  private final EventBus events;
  private final ContainerRemover remover;
  private final ContainerNetworking networks;
  private final HostFiles hostFiles;
  private final ContainerVolumes volumes;
  private final RestartSupervisor restarts;

  ContainerStarter(ContainerStore store, ContainerLocks locks, Snapshotter snapshots,
      Mounter mounter, BundleSpec spec, OciRuntime runtime, String defaultRuntime,
      LiveTasks tasks, ContainerMonitor monitor, ExitWaiters waiters, EventBus events,
      ContainerRemover remover, ContainerVolumes volumes, ContainerNetworking networks,
      HostFiles hostFiles, RestartSupervisor restarts) {
    this.volumes = volumes;
    this.networks = networks;
    this.hostFiles = hostFiles;
    this.store = store;
    this.locks = locks;
    this.snapshots = snapshots;
    this.mounter = mounter;
    this.spec = spec;
    this.runtime = runtime;
    this.defaultRuntime = defaultRuntime;
    this.tasks = tasks;
    this.monitor = monitor;
    this.waiters = waiters;
    this.events = events;
    this.remover = remover;
    this.restarts = restarts;
  }

  /** A user's start: RestartCount and the restart back-off begin anew, as in Docker. */
  void start(String ref) {
    start(ref, false);
  }

  /**
   * A restart policy's start, from {@code restarting} (RestartCount + 1) or, at daemon
   * start-up, from {@code exited}. A failure leaves the container exited. After an exit
   * ({@code afterExit}), only a container still {@code restarting} and not stopped by a user
   * starts: a {@code stop}, {@code kill} or {@code rm -f} that came between the exit and this
   * start has called the restart off (moby cancels its restart manager the same way).
   */
  void policyStart(String id, boolean afterExit) {
    start(id, true, afterExit);
  }

  private void start(String ref, boolean policy) {
    start(ref, policy, false);
  }

  private void start(String ref, boolean policy, boolean afterExit) {
    String id = store.get(ref).id();
    if (!policy) {
      restarts.reset(id);
    }
    RuntimeException failure = locks.with(id, () -> {
      Container c = store.get(id);
      if (afterExit && (c.status() != ContainerStatus.RESTARTING
          || c.state().manuallyStopped())) {
        store.update(id, x -> x.status() == ContainerStatus.RESTARTING
            ? x.withState(x.state().withStatus(ContainerStatus.EXITED)) : x);
        return null;
      }
      boolean restarting = c.status() == ContainerStatus.RESTARTING;
      switch (c.status()) {
        case RUNNING -> throw new BerthException.NotModified(
            "Container " + id + " is already running");
        case RESTARTING -> {
          if (!policy) {
            throw new BerthException.NotModified("Container " + id + " is already running");
          }
        }
        case PAUSED -> throw BerthException.conflict(
            "cannot start a paused container, try unpause instead");
        case REMOVING, DEAD -> throw BerthException.conflict("container " + id
            + " is marked for removal and cannot be started");
        default -> { }
      }
      Undo undo = new Undo();
      Phases t = Phases.start("start " + id.substring(0, 12));
      try {
        Task task = launch(c, undo, t);
        Container after = store.update(id, x -> x.withRestartCount(
            restarting ? x.restartCount() + 1 : policy ? x.restartCount() : 0).withState(
            x.state().running(task.pid(), Instant.now())));
        undo.commit();
        t.mark("record");
        monitor.watch(id, task);
        events.publish(ContainerEvent.of(after, "start"));
        t.done();
        return null;
      } catch (RuntimeException e) {
        undo.rollback(e);
        tasks.failPending(id, e);
        int code = e instanceof BerthException.InvalidArgument ? 127 : 128;
        store.update(id, x -> x.withState(x.state().failed(code, e.getMessage())
            .withStatus(restarting ? ContainerStatus.EXITED : x.status())));
        waiters.exited(id, new WaitResult(code, e.getMessage()));
        return e;
      }
    });
    if (failure != null) {
      if (store.get(id).hostConfig().autoRemove()) {
        remover.remove(id, true);
      }
      throw failure;
    }
  }

  /** For {@code container:<ref>} PID mode: that running container's PID namespace. */
  private Path joinedPidNamespace(Container c) {
    String mode = c.hostConfig().pidMode() == null ? "" : c.hostConfig().pidMode();
    if (!mode.startsWith("container:")) {
      return null;
    }
    Container other = store.get(mode.substring("container:".length()));
    int pid = other.state().pid();
    if (!other.status().isRunning() || pid <= 0) {
      throw BerthException.conflict("cannot join PID namespace of a non running container: "
          + other.id());
    }
    return Path.of("/proc", String.valueOf(pid), "ns", "pid");
  }

  /** For {@code container:<ref>} network mode: the full id of a running container. */
  private String joinedContainer(Container c) {
    String mode = c.hostConfig().networkMode();
    if (!mode.startsWith("container:")) {
      return null;
    }
    Container other = store.get(mode.substring("container:".length()));
    if (!other.status().isRunning()) {
      throw BerthException.conflict("cannot join network of a non running container: "
          + other.id());
    }
    return other.id();
  }

  private Task launch(Container c, Undo undo, Phases t) {
    String id = c.id();
    Layout layout = store.layout();
    Path rootfs = layout.rootfs(id);
    try {
      Files.createDirectories(rootfs);
    } catch (IOException e) {
      throw BerthException.internal("create bundle of " + id, e);
    }
    undo.push(() -> ContainerStore.deleteTree(layout.runDir(id)));
    t.mark("bundle-dir");
    mounter.mount(snapshots.mounts(id), rootfs);
    undo.push(() -> mounter.unmount(rootfs));
    t.mark("rootfs-mount");
    volumes.setup(c);
    t.mark("volumes");
    Path dir = layout.dir(id);
    Runnable namespaces = spec.prepareNamespaces(c);
    if (namespaces != null) {
      undo.push(namespaces);
    }
    t.mark("namespaces");
    ContainerNetworking.Attachment net = networks.setUp(id, joinedContainer(c));
    t.mark("network(netns+veth+firewall)");
    NetworkEvents.publish(events, networks, id, "connect");
    undo.push(() -> networks.tearDown(id));
    LegacyLinks.Resolved links = LegacyLinks.resolve(c, store, networks);
    hostFiles.writeForStart(dir, c.config(), c.hostConfig(), net, links.hostsLines());
    t.mark("host-files");
    Container withLinks = links.env().isEmpty() ? c
        : c.withConfig(c.config().withEnv(LegacyLinks.merge(links.env(), c.config().envOrEmpty())));
    AtomicFiles.replace(layout.bundle(id).resolve("config.json"), spec.config(withLinks, rootfs,
        new BundleSpec.HostFilePaths(dir.resolve("hostname"), dir.resolve("hosts"),
            dir.resolve("resolv.conf"), net.netns(), joinedPidNamespace(c))));
    String name = c.hostConfig().runtime() == null || c.hostConfig().runtime().isEmpty()
        ? defaultRuntime : c.hostConfig().runtime();
    t.mark("spec");
    long cut = LogRotator.prepare(c);
    Task task = runtime.create(new CreateRequest(id, layout.bundle(id), name, c.config().tty(),
        c.config().openStdin(), c.config().stdinOnce(),
        c.logPath() == null || c.logPath().isEmpty() ? null : Path.of(c.logPath()), cut));
    undo.push(() -> {
      tasks.remove(id);
      try {
        task.kill(Signals.SIGKILL, true);
      } finally {
        task.delete();
      }
    });
    t.mark("conmon+runtime-create");
    tasks.put(id, task);
    tasks.connectPending(id, task);
    t.mark("attach");
    task.start();
    t.mark("runtime-start");
    return task;
  }
}
