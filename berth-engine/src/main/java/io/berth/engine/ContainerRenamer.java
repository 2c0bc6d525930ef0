package io.berth.engine;

import io.berth.common.BerthException;
import java.time.Instant;
import java.util.Map;

/** {@code docker rename}: validates and claims the new name, then releases the old one. */
final class ContainerRenamer {
  private final ContainerStore store;
  private final ContainerLocks locks;
  private final EventBus events;

  ContainerRenamer(ContainerStore store, ContainerLocks locks, EventBus events) {
    this.store = store;
    this.locks = locks;
    this.events = events;
  }

  void rename(String ref, String newName) {
    if (newName == null || newName.isEmpty()) {
      throw BerthException.invalid("Neither old nor new names may be empty");
    }
    String name = Names.normalize(newName);
    String id = store.get(ref).id();
    String old = locks.with(id, () -> {
      Container c = store.get(id);
      if (c.name().equals(name)) {
        throw BerthException.invalid("Renaming a container with the same name as its current"
            + " name");
      }
      store.reserveName(name, id);
      try {
        store.update(id, x -> x.withName(name));
      } catch (RuntimeException e) {
        store.releaseName(name, id);
        throw e;
      }
      store.releaseName(c.name(), id);
      return c.name();
    });
    events.publish(ContainerEvent.of(store.get(id), "rename", Map.of("oldName", old)));
  }
}
