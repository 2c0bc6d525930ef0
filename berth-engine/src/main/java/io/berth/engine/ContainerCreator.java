package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.Ids;
import io.berth.common.Messages;
import io.berth.common.Phases;
import io.berth.image.ImageService;
import io.berth.image.ImageView;
import io.berth.network.ContainerNetworking;
import io.berth.snapshot.Snapshotter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code docker create}: validates, resolves the image (404 {@code No such image: x:tag}, which
 * makes the CLI pull), claims the name, prepares the writable snapshot on the image's top
 * layer, writes hostname/hosts/resolv.conf and the metadata. Any failure undoes every step:
 * no name, snapshot or directory is left behind.
 */
final class ContainerCreator {
  private final ContainerStore store;
  private final ImageService images;
  private final Snapshotter snapshots;
  private final HostFiles hostFiles;
  private final EventBus events;
  private final ContainerNetworking networks;
  private final ContainerVolumes volumes;
  private final CgroupHost cgroups = CgroupHost.detect();
  private final String defaultRuntime;
  private final HostConfig.LogConfig defaultLog;

  /** A new container and the warnings for the client (limits this host cannot honour). */
  record Created(Container container, List<String> warnings) {}

  ContainerCreator(ContainerStore store, ImageService images, Snapshotter snapshots,
      HostFiles hostFiles, EventBus events, ContainerVolumes volumes,
      ContainerNetworking networks, String defaultRuntime, HostConfig.LogConfig defaultLog) {
    this.defaultRuntime = defaultRuntime;
    this.defaultLog = defaultLog;
    this.volumes = volumes;
    this.store = store;
    this.images = images;
    this.snapshots = snapshots;
    this.hostFiles = hostFiles;
    this.events = events;
    this.networks = networks;
  }

  Created create(CreateRequest req) {
    Phases t = Phases.start("create");
    HostConfig requested = req.hostConfig() != null ? req.hostConfig() : HostConfig.defaults();
    ConfigValidator.validate(req.config(), requested);
    ResourceChecks.Result checked = ResourceChecks.adapt(requested, cgroups, false);
    // as dockerd: the runtime is recorded at create (inspect shows HostConfig.Runtime "runc")
    HostConfig checkedHost = checked.hostConfig().withLogConfig(
        LogDrivers.resolve(requested.logConfig(), defaultLog)).withRuntime(defaultRuntime);
    String name = req.name() == null || req.name().isEmpty() ? null : Names.normalize(req.name());
    ImageView image = images.inspect(req.config().image());
    String id = Ids.random();
    t.mark("validate+image");
    // with --network host and no --hostname the container has the host's hostname, as dockerd
    // gives it (os.Hostname() for network mode host)
    ContainerConfig config = ImageDefaults.merge(req.config(), image.config().runConfig(),
        checkedHost.networkMode().equals("host") ? HostName.of() : id.substring(0, 12));
    List<String> command = config.command();
    if (command.isEmpty()) {
      throw BerthException.invalid("No command specified");
    }
    Undo undo = new Undo();
    try {
      String finalName = reserve(name, id, undo);
      HostConfig host = LegacyLinks.normalize(checkedHost, finalName, store);
      networks.plan(NetworkPlans.of(id, finalName, config, host, req.endpoints()));
      undo.push(() -> networks.forget(id));
      t.mark("name+network-plan");
      Digest top = image.record().topChain();
      String parent = top == null ? null : top.toString();
      snapshots.prepare(id, parent, Map.of("berth.container", id));
      undo.push(() -> snapshots.remove(id));
      t.mark("snapshot-prepare");
      List<MountPoint> mounts = volumes.prepare(id, config, host, undo);
      Path dir = store.layout().dir(id);
      Files.createDirectories(dir);
      undo.push(() -> ContainerStore.deleteTree(dir));
      t.mark("volumes");
      hostFiles.write(dir, config.hostname(), config.domainname(), null);
      t.mark("host-files");
      Container c = new Container(id, finalName, Times.format(Instant.now()), command.getFirst(),
          List.copyOf(command.subList(1, command.size())), config, ContainerState.created(),
          image.record().id().toString(), parent, 0, LogDrivers.readable(host.logConfig())
              ? LogDrivers.path(host.logConfig(), store.layout().logFile(id)) : "",
          dir.resolve("hostname").toString(), dir.resolve("hosts").toString(),
          dir.resolve("resolv.conf").toString(), host, mounts);
      store.add(c);
      undo.commit();
      t.mark("record");
      events.publish(ContainerEvent.of(c, "create"));
      t.done();
      return new Created(c, checked.warnings());
    } catch (Exception e) {
      undo.rollback(e);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw BerthException.internal("create container: " + Messages.of(e), e);
    }
  }

  private String reserve(String name, String id, Undo undo) {
    String n = name;
    if (n == null) {
      synchronized (store) {
        n = Names.generate(store::nameTaken);
        store.reserveName(n, id);
      }
    } else {
      store.reserveName(n, id);
    }
    String reserved = n;
    undo.push(() -> store.releaseName(reserved, id));
    return n;
  }
}
