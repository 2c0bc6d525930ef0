package io.berth.engine;

import io.berth.common.Phases;
import io.berth.engine.spec.UserNamespaces;
import io.berth.network.ContainerNetworking;
import io.berth.runtime.Task;
import io.berth.snapshot.Mounter;
import java.nio.file.Files;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What is left after a container's process ends: the runtime task (and its monitor files),
 * the rootfs mount and the per-boot bundle directory. Each step is best effort and logged, so a
 * broken one never keeps the container looking alive.
 */
final class Teardown {
  private static final Logger LOG = Logger.getLogger(Teardown.class.getName());

  private final Layout layout;
  private final Mounter mounter;
  private final LiveTasks tasks;
  private final ContainerNetworking networks;

  Teardown(Layout layout, Mounter mounter, LiveTasks tasks, ContainerNetworking networks) {
    this.layout = layout;
    this.mounter = mounter;
    this.tasks = tasks;
    this.networks = networks;
  }

  void afterExit(String id, Task task) {
    afterExit(id, task, Phases.start("teardown " + id.substring(0, 12)));
  }

  void afterExit(String id, Task task, Phases t) {
    runtimeAndRootfs(id, task, t);
    network(id);
    t.mark("network-teardown");
  }

  /** The runtime task (and its monitor) and the rootfs mount, for a deferred auto-remove. */
  void runtimeAndRootfs(String id, Task task, Phases t) {
    tasks.remove(id);
    if (task != null) {
      try {
        task.delete();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "delete runtime state of " + id, e);
      }
      t.mark("runtime-delete+monitor");
    }
    unmount(id);
    t.mark("unmount");
  }

  /** The container's network namespace, addresses and firewall rules. */
  void network(String id) {
    try {
      networks.tearDown(id);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "tear down network of " + id, e);
    }
  }

  /** Unmounts the rootfs and deletes the bundle; nothing there is not an error. */
  void unmount(String id) {
    if (!Files.exists(layout.runDir(id))) {
      return;
    }
    try {
      mounter.unmount(layout.rootfs(id));
      UserNamespaces.release(layout.userns(id));
      ContainerStore.deleteTree(layout.runDir(id));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "unmount rootfs of " + id, e);
    }
  }
}
