package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.engine.spec.CgroupResources;
import io.berth.oci.OciJson;
import io.berth.runtime.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code docker update}: new limits (and restart policy) go into hostconfig.json and, when the
 * container runs, to the runtime ({@code runc update}), as moby's {@code daemon/update.go}.
 */
final class ContainerUpdater {
  private final ContainerStore store;
  private final ContainerLocks locks;
  private final LiveTasks tasks;
  private final EventBus events;
  private final CgroupHost cgroups;

  ContainerUpdater(ContainerStore store, ContainerLocks locks, LiveTasks tasks, EventBus events,
      CgroupHost cgroups) {
    this.store = store;
    this.locks = locks;
    this.tasks = tasks;
    this.events = events;
    this.cgroups = cgroups;
  }

  /** Returns the warnings; 400 for invalid values, 409 when the runtime refuses. */
  List<String> update(String ref, ResourceConfig change) {
    String id = store.get(ref).id();
    List<String> warnings = locks.with(id, () -> {
      Container c = store.get(id);
      if (c.status() == ContainerStatus.REMOVING || c.status() == ContainerStatus.DEAD) {
        throw BerthException.conflict("Cannot update container " + id
            + ": container is marked for removal and cannot be \"update\"");
      }
      if (change.restartPolicy() != null && c.hostConfig().autoRemove()
          && !List.of("", "no").contains(change.restartPolicy().name())) {
        throw BerthException.invalid("Cannot update container " + id
            + ": Restart policy cannot be updated because AutoRemove is enabled for the"
            + " container");
      }
      ResourceConfig before = ResourceConfig.of(c.hostConfig());
      if (change.memory() != null && change.memory() > 0 && change.memorySwap() == null
          && before.memorySwap() != null && before.memorySwap() > 0
          && change.memory() > before.memorySwap()) {
        throw BerthException.invalid("Cannot update container " + id + ": Memory limit should"
            + " be smaller than already set memoryswap limit, update the memoryswap at the"
            + " same time");
      }
      ResourceChecks.Result checked = ResourceChecks.adapt(change.applyTo(c.hostConfig()),
          cgroups, true);
      Task task = tasks.get(id).orElse(null);
      if (c.status().isRunning() && task != null) {
        task.update(OciJson.write(CgroupResources.update(
            ResourceConfig.of(checked.hostConfig()).limits(), cgroups.version())));
      }
      store.update(id, x -> x.withHostConfig(checked.hostConfig()));
      return checked.warnings();
    });
    Container c = store.get(id);
    events.publish(ContainerEvent.of(c, "update"));
    return warnings;
  }
}
