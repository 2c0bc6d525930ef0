package io.berth.cri;

import com.google.protobuf.InvalidProtocolBufferException;
import io.berth.common.BerthException;
import io.berth.cri.EngineAdapter.EngineContainer;
import io.berth.cri.api.LinuxPodSandboxStatus;
import io.berth.cri.api.Namespace;
import io.berth.cri.api.NamespaceMode;
import io.berth.cri.api.PodSandbox;
import io.berth.cri.api.PodSandboxConfig;
import io.berth.cri.api.PodSandboxFilter;
import io.berth.cri.api.PodSandboxNetworkStatus;
import io.berth.cri.api.PodSandboxState;
import io.berth.cri.api.PodSandboxStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Pod sandboxes: a sandbox is an engine container running the pause image, in a network
 * namespace of its own that the CNI plugins set up after it starts (the engine binds it at
 * {@code <exec-root>/netns/<id>}), holding IPC and UTS for the pod. The pod's containers join
 * its network namespace.
 */
final class Pods {
  private final EngineAdapter engine;
  private final CniPlugins cni;
  private final CriSettings settings;
  private final Supplier<String> sandboxImage;

  Pods(EngineAdapter engine, CniPlugins cni, CriSettings settings, Supplier<String> sandboxImage) {
    this.engine = engine;
    this.cni = cni;
    this.settings = settings;
    this.sandboxImage = sandboxImage;
  }

  /** A sandbox and the config it was made with. */
  record Pod(EngineContainer container, PodSandboxConfig config) {
    String id() {
      return container.id();
    }

    boolean hostNetwork() {
      return config.getLinux().getSecurityContext().getNamespaceOptions().getNetwork()
          == NamespaceMode.NODE;
    }

    PodSandboxState state() {
      return container.running() ? PodSandboxState.SANDBOX_READY
          : PodSandboxState.SANDBOX_NOTREADY;
    }
  }

  String run(PodSandboxConfig cfg) {
    var md = cfg.getMetadata();
    if (md.getName().isEmpty() || md.getNamespace().isEmpty() || md.getUid().isEmpty()) {
      throw BerthException.invalid("sandbox config must include metadata name, namespace and uid");
    }
    String name = "k8s_POD_" + md.getName() + "_" + md.getNamespace() + "_" + md.getUid() + "_"
        + md.getAttempt();
    String id = engine.createSandbox(name, sandboxImage.get(), cfg, cfg.toByteArray());
    try {
      engine.start(id);
      Pod pod = get(id);
      if (!pod.hostNetwork()) {
        cni.add(CniNetwork.load(settings.cniConfDir()), cniPod(pod));
      }
      return id;
    } catch (RuntimeException e) {
      try {
        Pod pod = find(id);
        if (pod != null && !pod.hostNetwork()) {
          cni.delete(cniPod(pod));
        }
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      engine.remove(id);
      throw e;
    }
  }

  /**
   * Stops the pod's containers, tears down its network, stops the sandbox. Repeatable. The
   * containers are killed at once (kubelet stops them with their grace period first) and all
   * together, the CNI DEL meanwhile: a pod's containers die with its network either way, and
   * the sandbox, whose namespace the DEL needs, goes last, as containerd orders it.
   */
  void stop(String id, List<EngineContainer> containers) {
    Pod pod = find(id);
    if (pod == null) {
      return; // as containerd: stopping what is gone succeeds
    }
    List<Runnable> work = new ArrayList<>();
    containers.forEach(c -> work.add(() -> engine.stop(c.id(), 0)));
    if (!pod.hostNetwork()) {
      work.add(() -> cni.delete(cniPod(pod)));
    }
    together(work);
    engine.stop(id, 0);
  }

  void remove(String id, List<EngineContainer> containers) {
    Pod pod = find(id);
    if (pod == null) {
      return;
    }
    List<Runnable> work = new ArrayList<>();
    containers.forEach(c -> work.add(() -> engine.remove(c.id())));
    if (!pod.hostNetwork()) {
      work.add(() -> cni.delete(cniPod(pod)));
    }
    together(work);
    engine.remove(id);
  }

  /** Runs each on a virtual thread of its own and waits for all; the first failure is thrown. */
  static void together(List<Runnable> work) {
    if (work.size() == 1) {
      work.getFirst().run();
      return;
    }
    RuntimeException failed = null;
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<?>> running = new ArrayList<>();
      work.forEach(w -> running.add(threads.submit(w)));
      for (java.util.concurrent.Future<?> f : running) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
              : BerthException.internal(e.getCause().getMessage(), e.getCause());
          if (failed == null) {
            failed = cause;
          } else {
            failed.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw BerthException.internal("interrupted while stopping a pod", e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  PodSandboxStatus status(String id) {
    Pod pod = get(id);
    var md = pod.config().getMetadata();
    var ns = pod.config().getLinux().getSecurityContext().getNamespaceOptions();
    PodSandboxStatus.Builder b = PodSandboxStatus.newBuilder()
        .setId(pod.id())
        .setMetadata(md)
        .setState(pod.state())
        .setCreatedAt(pod.container().createdNanos())
        .putAllLabels(pod.config().getLabelsMap())
        .putAllAnnotations(pod.config().getAnnotationsMap())
        .setLinux(LinuxPodSandboxStatus.newBuilder().setNamespaces(
            Namespace.newBuilder().setOptions(ns)));
    if (!pod.hostNetwork()) {
      b.setNetwork(PodSandboxNetworkStatus.newBuilder().setIp(cni.cachedIp(pod.id())));
    }
    return b.build();
  }

  List<PodSandbox> list(PodSandboxFilter f) {
    List<PodSandbox> out = new ArrayList<>();
    for (EngineContainer c : engine.list("sandbox")) {
      Pod pod = pod(c);
      if (!f.getId().isEmpty() && !pod.id().startsWith(f.getId())) {
        continue;
      }
      if (f.hasState() && f.getState().getState() != pod.state()) {
        continue;
      }
      if (!matches(f.getLabelSelectorMap(), pod.config().getLabelsMap())) {
        continue;
      }
      out.add(PodSandbox.newBuilder().setId(pod.id()).setMetadata(pod.config().getMetadata())
          .setState(pod.state()).setCreatedAt(c.createdNanos())
          .putAllLabels(pod.config().getLabelsMap())
          .putAllAnnotations(pod.config().getAnnotationsMap()).build());
    }
    return out;
  }

  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  /** The sandbox {@code id} (a unique prefix will do), NotFound otherwise. */
  Pod get(String id) {
    Pod p = find(id);
    if (p == null) {
      throw BerthException.notFound("pod sandbox " + id + " not found");
    }
    return p;
  }

  Pod find(String id) {
    EngineContainer c = engine.find(id);
    return c == null || !"sandbox".equals(c.labels().get(EngineAdapter.KIND)) ? null : pod(c);
  }

  private static Pod pod(EngineContainer c) {
    try {
      return new Pod(c, PodSandboxConfig.parseFrom(
          EngineAdapter.decode(c.labels().get(EngineAdapter.CONFIG))));
    } catch (InvalidProtocolBufferException e) {
      throw BerthException.internal("pod sandbox " + c.id() + ": bad config label", e);
    }
  }

  private CniPlugins.Pod cniPod(Pod pod) {
    Path ns = settings.netnsDir().resolve(pod.id());
    if (!Files.exists(ns) && pod.container().pid() > 0) {
      ns = Path.of("/proc/" + pod.container().pid() + "/ns/net");
    }
    var md = pod.config().getMetadata();
    return new CniPlugins.Pod(pod.id(), ns, md.getName(), md.getNamespace(),
        pod.config().getPortMappingsList());
  }
}
