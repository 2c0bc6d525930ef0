package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.common.Phases;
import io.berth.runtime.Task;
import io.berth.snapshot.Snapshotter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code docker rm} and {@code container prune}. A running container is refused (409, Docker's
 * text) unless forced, when it is killed first. Removal moves to {@code removing}, drops the
 * rootfs mount, the snapshot and the directories, then completes {@code removed} waiters; a
 * failure leaves the container {@code dead}, as Docker does.
 */
final class ContainerRemover {
  private final ContainerStore store;
  private final ContainerLocks locks;
  private final Snapshotter snapshots;
  private final Teardown teardown;
  private final LiveTasks tasks;
  private final ExitWaiters waiters;
  private final EventBus events;
  private final ContainerStopper stopper;
  private final Consumer<String> forgetExecs;
  private final ContainerVolumes volumes;
  private final Background later = new Background();
  /** Running containers that a {@code rm -f} is killing: their exit leaves the task and rootfs. */
  private final java.util.Set<String> killing = java.util.concurrent.ConcurrentHashMap.newKeySet();

  ContainerRemover(ContainerStore store, ContainerLocks locks, Snapshotter snapshots,
      Teardown teardown, LiveTasks tasks, ExitWaiters waiters, EventBus events,
      ContainerStopper stopper, ContainerVolumes volumes, Consumer<String> forgetExecs) {
    this.store = store;
    this.volumes = volumes;
    this.locks = locks;
    this.snapshots = snapshots;
    this.teardown = teardown;
    this.tasks = tasks;
    this.waiters = waiters;
    this.events = events;
    this.stopper = stopper;
    this.forgetExecs = forgetExecs;
  }

  /**
   * {@code --rm} after the exit (ContainerMonitor, which tore the network down already): the
   * record, the name and the anonymous volumes go before {@code removed} waiters complete, as
   * in Docker; the runtime's state, the rootfs mount, the snapshot and the bundle go after, off
   * the client's path (a crash meanwhile leaves a snapshot that start-up sweeps). A container
   * that is running again or being removed by a user is left to that.
   */
  void autoRemove(String id, Task task) {
    Phases t = Phases.start("auto-remove " + id.substring(0, 12));
    Container removed = locks.with(id, () -> {
      Container cur = store.find(id).orElse(null);
      if (cur == null || cur.status().isRunning() || cur.status() == ContainerStatus.REMOVING) {
        return null;
      }
      store.delete(id);
      return cur;
    });
    t.mark("record");
    if (removed == null) {
      t.done();
      return;
    }
    forget(removed, true, t);
    later.run("clean up " + id.substring(0, 12), () -> {
      Phases after = Phases.start("auto-remove-after-answer " + id.substring(0, 12));
      teardown.runtimeAndRootfs(id, task, after);
      removeSnapshot(id);
      after.mark("snapshot-remove");
      ContainerStore.deleteTree(store.layout().runDir(id));
      after.mark("delete-bundle");
      after.done();
    });
  }

  /**
   * A removed container's lock, execs and pending tasks forgotten, its anonymous volumes removed
   * when asked, its {@code destroy} event and {@code removed} waiters.
   */
  private void forget(Container removed, boolean anonymousVolumes, Phases t) {
    String id = removed.id();
    locks.forget(id);
    if (volumes != null && anonymousVolumes) {
      volumes.removeAnonymous(removed);
    }
    forgetExecs.accept(id);
    tasks.failPending(id, BerthException.notFound("No such container: " + id));
    events.publish(ContainerEvent.of(removed, "destroy"));
    waiters.removed(id, new WaitResult(removed.state().exitCode(), null));
    t.mark("volumes+events+waiters");
    t.done();
  }

  /** Waits (bounded) for the clean-ups that auto-removes left running. */
  void close() {
    later.await(java.time.Duration.ofSeconds(20));
  }

  void remove(String ref, boolean force) {
    remove(ref, force, false);
  }

  /** {@code removeVolumes} ({@code rm -v}; always for AutoRemove): its anonymous volumes too. */
  void remove(String ref, boolean force, boolean removeVolumes) {
    remove(ref, force, removeVolumes, false);
  }

  /**
   * With {@code afterAnswer} ({@code DELETE /containers/{id}}), the caller has its answer once
   * the record says {@code removing} (written durably) and the container, its name, network
   * and anonymous volumes are gone; the runtime's state, the rootfs, the snapshot and the
   * directories go after it (ADR 0141). A crash meanwhile leaves the {@code removing} record,
   * whose removal start-up finishes ({@link Reconciler}); a failure there is logged and left
   * to the next start-up the same way. Without it all of that goes before the answer, and a
   * failure leaves the container {@code dead}, as Docker does.
   */
  void remove(String ref, boolean force, boolean removeVolumes, boolean afterAnswer) {
    Container c = store.get(ref);
    String id = c.id();
    // rm -f of a container whose policy restarts it can meet a restart at any point: each
    // round kills what runs and calls the restarts off, and a restart that got in first
    // (running again by the time the lock is ours) is killed in the next round
    for (int round = 0; ; round++) {
      if (c.status().isRunning() && !force) {
        throw runningConflict(id);
      }
      try {
        removeOnce(c, force, removeVolumes, afterAnswer);
        return;
      } catch (RestartedMeanwhile e) {
        if (round >= 5) {
          throw runningConflict(id);
        }
        c = store.get(id);
      }
    }
  }

  private void removeOnce(Container c, boolean force, boolean removeVolumes,
      boolean afterAnswer) {
    String id = c.id();
    if (!c.status().isRunning() || !afterAnswer) {
      if (force) {
        stopper.forceKill(c);
      }
      removeStopped(id, force, removeVolumes, afterAnswer);
      return;
    }
    // the exit of the kill leaves the task and the rootfs to the clean-up after the answer
    // (ContainerMonitor), as an AutoRemove exit does; a removal that fails puts them away now
    killing.add(id);
    try {
      stopper.forceKill(c);
      removeStopped(id, true, removeVolumes, true);
    } catch (RestartedMeanwhile e) {
      throw e; // running again: the next round kills it
    } catch (RuntimeException e) {
      if (store.find(id).isPresent()) {
        teardown.afterExit(id, tasks.get(id).orElse(null));
      }
      throw e;
    } finally {
      killing.remove(id);
    }
  }

  /** Whether the exit of {@code id} is a {@code rm -f}'s kill (see {@link #remove}). */
  boolean killedForRemoval(String id) {
    return killing.contains(id);
  }

  /** A forced removal found the container started again by its policy: kill it again. */
  private static final class RestartedMeanwhile extends RuntimeException {
    RestartedMeanwhile() {
      super(null, null, false, false);
    }
  }

  private static BerthException runningConflict(String id) {
    return BerthException.conflict("You cannot remove a running container " + id
        + ". Stop the container before attempting removal or force remove");
  }

  /** Under the container's lock the record goes once nothing runs; gone already: nothing. */
  private void removeStopped(String id, boolean force, boolean removeVolumes,
      boolean afterAnswer) {
    Phases t = Phases.start("remove " + id.substring(0, 12));
    Task[] task = new Task[1];
    Container removed = locks.with(id, () -> {
      Container cur = store.find(id).orElse(null);
      if (cur == null) {
        return null; // removed meanwhile (AutoRemove)
      }
      if (cur.status().isRunning()) {
        if (force) {
          throw new RestartedMeanwhile();
        }
        throw runningConflict(id);
      }
      if (cur.status() == ContainerStatus.REMOVING) {
        throw BerthException.conflict("removal of container " + id + " is already in progress");
      }
      store.update(id, x -> x.withState(x.state().withStatus(ContainerStatus.REMOVING)));
      t.mark("record-removing");
      task[0] = tasks.get(id).orElse(null);
      if (afterAnswer) {
        store.hide(id);
        return cur;
      }
      try {
        cleanUp(id, task[0], t);
      } catch (RuntimeException e) {
        store.update(id, x -> x.withState(x.state().withStatus(ContainerStatus.DEAD)
            .failed(x.state().exitCode(), "removal failed: " + Messages.of(e))));
        throw e;
      }
      return cur;
    });
    if (removed == null) {
      return;
    }
    try {
      forget(removed, removeVolumes || removed.hostConfig().autoRemove(), t);
    } finally {
      if (afterAnswer) {
        later.run("clean up " + id.substring(0, 12), () -> {
          Phases after = Phases.start("remove-after-answer " + id.substring(0, 12));
          cleanUp(id, task[0], after);
          after.done();
        });
      }
    }
  }

  /**
   * What a container that no record names left (an auto-remove's clean-up after the answer
   * that a crash cut off): its runtime state, rootfs mount, snapshot and run directory.
   */
  void sweep(String id, Task task) {
    Phases t = Phases.start("sweep " + id.substring(0, Math.min(12, id.length())));
    teardown.runtimeAndRootfs(id, task, t);
    removeSnapshot(id);
    t.mark("snapshot-remove");
    ContainerStore.deleteTree(store.layout().runDir(id));
    t.done();
  }

  /** A removed container's runtime state, rootfs, network, snapshot, then its directories. */
  private void cleanUp(String id, Task task, Phases t) {
    teardown.afterExit(id, task, t);
    removeSnapshot(id);
    t.mark("snapshot-remove");
    ContainerStore.deleteTree(store.layout().runDir(id));
    store.delete(id);
    t.mark("delete-dirs");
  }

  /** Removes every stopped container that {@code keep} does not protect. */
  ContainersPruned prune(java.util.function.Predicate<Container> select) {
    List<String> out = new ArrayList<>();
    long reclaimed = 0;
    for (Container c : store.all()) {
      if (!c.status().isRunning() && c.status() != ContainerStatus.REMOVING && select.test(c)) {
        long size = layerSize(c.id());
        try {
          remove(c.id(), false);
          out.add(c.id());
          reclaimed += size;
        } catch (BerthException.NotFound | BerthException.Conflict e) {
          // started or removed meanwhile
        }
      }
    }
    return new ContainersPruned(List.copyOf(out), reclaimed);
  }

  /** The container's own writable layer, as moby counts a pruned container's space (SizeRw). */
  private long layerSize(String id) {
    try {
      return snapshots.usage(id).size();
    } catch (RuntimeException e) {
      return 0; // accounting only: never a reason to keep a container
    }
  }

  private void removeSnapshot(String id) {
    try {
      snapshots.remove(id);
    } catch (BerthException.NotFound e) {
      // never prepared, or removed by an earlier attempt
    }
  }
}
