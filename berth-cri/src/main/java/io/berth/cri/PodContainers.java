package io.berth.cri;

import com.google.protobuf.InvalidProtocolBufferException;
import io.berth.common.BerthException;
import io.berth.cri.EngineAdapter.EngineContainer;
import io.berth.cri.api.Container;
import io.berth.cri.api.ContainerConfig;
import io.berth.cri.api.ContainerFilter;
import io.berth.cri.api.ContainerState;
import io.berth.cri.api.ContainerStatus;
import io.berth.image.ImageView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The containers of pods: create, start, stop, remove, status and list, on the engine. */
final class PodContainers {
  private final EngineAdapter engine;
  private final Pods pods;
  private final ImageApi images;

  PodContainers(EngineAdapter engine, Pods pods, ImageApi images) {
    this.engine = engine;
    this.pods = pods;
    this.images = images;
  }

  /** A CRI container and the config it was made with. */
  record Made(EngineContainer container, ContainerConfig config, String sandboxId) {
    ContainerState state() {
      if (container.running()) {
        return ContainerState.CONTAINER_RUNNING;
      }
      return container.created() ? ContainerState.CONTAINER_CREATED
          : ContainerState.CONTAINER_EXITED;
    }
  }

  String create(String sandboxId, ContainerConfig cfg) {
    Pods.Pod pod = pods.get(sandboxId);
    var md = cfg.getMetadata();
    if (md.getName().isEmpty()) {
      throw BerthException.invalid("container config must include metadata name");
    }
    ImageView image = images.find(cfg.getImage().getImage());
    if (image == null) {
      throw BerthException.notFound("image \"" + cfg.getImage().getImage() + "\" not found");
    }
    var pmd = pod.config().getMetadata();
    String name = "k8s_" + md.getName() + "_" + pmd.getName() + "_" + pmd.getNamespace() + "_"
        + pmd.getUid() + "_" + md.getAttempt();
    Path log = null;
    if (!pod.config().getLogDirectory().isEmpty() && !cfg.getLogPath().isEmpty()) {
      log = Path.of(pod.config().getLogDirectory()).resolve(cfg.getLogPath());
    }
    return engine.createContainer(name, image.record().id().toString(), pod.container(),
        pod.config(), cfg, cfg.toByteArray(), log);
  }

  void start(String id) {
    Made m = get(id);
    Pods.Pod pod = pods.get(m.sandboxId());
    if (!pod.container().running()) {
      throw BerthException.conflict("sandbox container " + pod.id() + " is not running");
    }
    engine.start(m.container().id());
  }

  void stop(String id, long timeout) {
    Made m = find(id);
    if (m != null) {
      engine.stop(m.container().id(), timeout);
    }
  }

  void remove(String id) {
    Made m = find(id);
    if (m != null) {
      engine.remove(m.container().id());
    }
  }

  ContainerStatus status(String id) {
    Made m = get(id);
    EngineContainer c = m.container();
    ContainerStatus.Builder b = ContainerStatus.newBuilder()
        .setId(c.id())
        .setMetadata(m.config().getMetadata())
        .setState(m.state())
        .setCreatedAt(c.createdNanos())
        .setImage(m.config().getImage())
        .setImageRef(c.imageId())
        .setImageId(c.imageId())
        .putAllLabels(m.config().getLabelsMap())
        .putAllAnnotations(m.config().getAnnotationsMap())
        .addAllMounts(m.config().getMountsList());
    if (c.logPath() != null && !c.logPath().isEmpty()) {
      b.setLogPath(c.logPath());
    }
    if (m.state() != ContainerState.CONTAINER_CREATED) {
      b.setStartedAt(c.startedNanos());
    }
    if (m.state() == ContainerState.CONTAINER_EXITED) {
      b.setFinishedAt(c.finishedNanos()).setExitCode(c.exitCode())
          .setReason(c.oomKilled() ? "OOMKilled" : c.exitCode() == 0 ? "Completed" : "Error")
          .setMessage(c.error());
    }
    return b.build();
  }

  List<Container> list(ContainerFilter f) {
    List<Container> out = new ArrayList<>();
    for (EngineContainer c : engine.list("container")) {
      Made m = made(c);
      if (!f.getId().isEmpty() && !c.id().startsWith(f.getId())) {
        continue;
      }
      if (!f.getPodSandboxId().isEmpty() && !m.sandboxId().startsWith(f.getPodSandboxId())) {
        continue;
      }
      if (f.hasState() && f.getState().getState() != m.state()) {
        continue;
      }
      if (!Pods.matches(f.getLabelSelectorMap(), m.config().getLabelsMap())) {
        continue;
      }
      out.add(Container.newBuilder().setId(c.id()).setPodSandboxId(m.sandboxId())
          .setMetadata(m.config().getMetadata()).setImage(m.config().getImage())
          .setImageRef(c.imageId()).setImageId(c.imageId()).setState(m.state())
          .setCreatedAt(c.createdNanos()).putAllLabels(m.config().getLabelsMap())
          .putAllAnnotations(m.config().getAnnotationsMap()).build());
    }
    return out;
  }

  io.berth.cri.api.ContainerStats stats(String id) {
    return stats(get(id));
  }

  List<io.berth.cri.api.ContainerStats> stats(io.berth.cri.api.ContainerStatsFilter f) {
    List<io.berth.cri.api.ContainerStats> out = new ArrayList<>();
    for (EngineContainer c : engine.list("container")) {
      Made m = made(c);
      if ((!f.getId().isEmpty() && !c.id().startsWith(f.getId()))
          || (!f.getPodSandboxId().isEmpty() && !m.sandboxId().startsWith(f.getPodSandboxId()))
          || !Pods.matches(f.getLabelSelectorMap(), m.config().getLabelsMap())) {
        continue;
      }
      out.add(stats(m));
    }
    return out;
  }

  private io.berth.cri.api.ContainerStats stats(Made m) {
    EngineAdapter.Usage u = engine.usage(m.container().id());
    var uint = (java.util.function.LongFunction<io.berth.cri.api.UInt64Value>) v ->
        io.berth.cri.api.UInt64Value.newBuilder().setValue(v).build();
    return io.berth.cri.api.ContainerStats.newBuilder()
        .setAttributes(io.berth.cri.api.ContainerAttributes.newBuilder()
            .setId(m.container().id()).setMetadata(m.config().getMetadata())
            .putAllLabels(m.config().getLabelsMap())
            .putAllAnnotations(m.config().getAnnotationsMap()))
        .setCpu(io.berth.cri.api.CpuUsage.newBuilder().setTimestamp(u.readNanos())
            .setUsageCoreNanoSeconds(uint.apply(u.cpuNanos())))
        .setMemory(io.berth.cri.api.MemoryUsage.newBuilder().setTimestamp(u.readNanos())
            .setWorkingSetBytes(uint.apply(u.workingSet()))
            .setUsageBytes(uint.apply(u.memoryUsage())))
        .setWritableLayer(io.berth.cri.api.FilesystemUsage.newBuilder()
            .setTimestamp(u.readNanos())
            .setFsId(io.berth.cri.api.FilesystemIdentifier.newBuilder().setMountpoint("/"))
            .setUsedBytes(uint.apply(0)).setInodesUsed(uint.apply(0)))
        .build();
  }

  /** The containers of one pod. */
  List<EngineContainer> of(String sandboxId) {
    return engine.list("container").stream()
        .filter(c -> sandboxId.equals(c.labels().get(EngineAdapter.SANDBOX))).toList();
  }

  Made get(String id) {
    Made m = find(id);
    if (m == null) {
      throw BerthException.notFound("container \"" + id + "\" not found");
    }
    return m;
  }

  Made find(String id) {
    EngineContainer c = engine.find(id);
    return c == null || !"container".equals(c.labels().get(EngineAdapter.KIND)) ? null : made(c);
  }

  private static Made made(EngineContainer c) {
    try {
      return new Made(c, ContainerConfig.parseFrom(
          EngineAdapter.decode(c.labels().get(EngineAdapter.CONFIG))),
          c.labels().get(EngineAdapter.SANDBOX));
    } catch (InvalidProtocolBufferException e) {
      throw BerthException.internal("container " + c.id() + ": bad config label", e);
    }
  }
}
