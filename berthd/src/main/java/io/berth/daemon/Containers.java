package io.berth.daemon;

import io.berth.common.IdMap;
import io.berth.engine.ContainerService;
import io.berth.engine.EngineSettings;
import io.berth.engine.EventBus;
import io.berth.engine.HostConfig;
import io.berth.engine.K8sFileLogSource;
import io.berth.engine.Layout;
import io.berth.engine.PsProcessLister;
import io.berth.engine.spec.SpecBundle;
import io.berth.image.ImageService;
import io.berth.network.ContainerNetworking;
import io.berth.runtime.conmon.ConmonRuntime;
import io.berth.runtime.conmon.HybridCrun;
import io.berth.runtime.conmon.RuntimeBinary;
import io.berth.snapshot.LayerDirs;
import io.berth.snapshot.Mounter;
import io.berth.snapshot.Snapshotter;
import io.berth.sys.Syscalls;
import io.berth.volume.VolumeService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wires the container engine to conmon, runc/crun and the spec generator, and runs its start-up
 * reconciliation.
 */
final class Containers {
  private Containers() {}

  static ContainerService service(DaemonConfig config, HostFacts host, ImageService images,
      Snapshotter snapshots, LayerDirs layers, Syscalls sys, VolumeService volumes,
      ContainerNetworking networks, IdMap ids) {
    Layout layout = new Layout(config.root(), config.execRoot());
    Path conmon = RuntimeProbe.which("conmon");
    ConmonRuntime runtime = new ConmonRuntime(config.execRoot(),
        conmon == null ? Path.of("/usr/bin/conmon") : conmon, runtimes(config),
        config.execRoot().resolve("oci"), sys);
    ContainerService containers = new ContainerService(layout, images, snapshots, layers,
        new Mounter(sys), runtime,
        new SpecBundle(layout, config.rootless() ? SpecBundle.ROOTLESS
            : Integer.parseInt(host.cgroupVersion()), initBinary(), ids),
        new K8sFileLogSource(), new PsProcessLister(), new EventBus(),
        new EngineSettings(config.defaultRuntime(), Path.of("/etc/resolv.conf"),
            new HostConfig.LogConfig(config.log().driver(), config.log().opts()), ids), volumes,
        networks);
    // the image and volume services learn of the engine here, the one place that knows both;
    // then the containers on disk are read and reconciled, before anything is served
    images.setImageUsers(containers);
    images.setEvents(containers.imageEvents());
    volumes.setEvents(containers.volumeEvents());
    containers.reconcile();
    return containers;
  }

  /** runc and crun from the PATH, then daemon.json's {@code runtimes}, which win by name. */
  private static Map<String, RuntimeBinary> runtimes(DaemonConfig config) {
    Map<String, RuntimeBinary> out = new LinkedHashMap<>();
    for (String name : new String[] {"runc", "crun"}) {
      Path p = RuntimeProbe.which(name);
      if (p != null) {
        out.put(name, RuntimeBinary.of(p.toString()));
      }
    }
    config.runtimes().forEach((name, spec) -> out.put(name,
        new RuntimeBinary(Path.of(spec.path()), spec.runtimeArgs())));
    RuntimeBinary crun = out.get("crun");
    if (crun != null && crun.path().getFileName().toString().equals("crun")
        && HybridCrun.hybridHost()) {
      out.put("crun", HybridCrun.wrap(crun.path(), crun.args(), config.execRoot()));
    }
    return out;
  }

  /** Debian's static tini for {@code --init}: static, so it runs in any image. */
  private static String initBinary() {
    Path tini = Path.of("/usr/bin/tini-static");
    return Files.isExecutable(tini) ? tini.toString() : null;
  }
}
