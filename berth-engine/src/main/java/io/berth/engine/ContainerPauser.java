package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.runtime.Task;
import java.time.Instant;
import java.util.Map;

/**
 * {@code docker pause} / {@code unpause}: the runtime freezes every process of the container
 * in the cgroup freezer ({@code runc pause}, {@code resume}) and the state moves between
 * {@code running} and {@code paused}. Docker's 409 texts for the wrong state.
 */
final class ContainerPauser {
  private final ContainerStore store;
  private final ContainerLocks locks;
  private final LiveTasks tasks;
  private final EventBus events;

  ContainerPauser(ContainerStore store, ContainerLocks locks, LiveTasks tasks, EventBus events) {
    this.store = store;
    this.locks = locks;
    this.tasks = tasks;
    this.events = events;
  }

  void pause(String ref) {
    String id = store.get(ref).id();
    Container c = locks.with(id, () -> {
      Container cur = store.get(id);
      if (cur.status() == ContainerStatus.PAUSED) {
        throw BerthException.conflict("Container " + id + " is already paused");
      }
      if (cur.status() == ContainerStatus.RESTARTING) {
        throw BerthException.conflict("Container " + id
            + " is restarting, wait until the container is running");
      }
      Task task = tasks.get(id).orElse(null);
      if (cur.status() != ContainerStatus.RUNNING || task == null) {
        throw BerthException.conflict("Container " + id + " is not running");
      }
      task.pause();
      return store.update(id, x -> x.withState(x.state().withStatus(ContainerStatus.PAUSED)));
    });
    publish(c, "pause");
  }

  void unpause(String ref) {
    String id = store.get(ref).id();
    Container c = locks.with(id, () -> {
      Container cur = store.get(id);
      Task task = tasks.get(id).orElse(null);
      if (cur.status() != ContainerStatus.PAUSED || task == null) {
        throw BerthException.conflict("Container " + id + " is not paused");
      }
      task.resume();
      return store.update(id, x -> x.withState(x.state().withStatus(ContainerStatus.RUNNING)));
    });
    publish(c, "unpause");
  }

  private void publish(Container c, String action) {
    events.publish(ContainerEvent.of(c, action));
  }
}
