package io.berth.daemon;

import io.berth.api.model.ApiVersion;
import io.berth.api.model.BuildInfo;
import io.berth.common.IdMap;
import io.berth.api.model.InfoResponse;
import io.berth.api.model.VersionResponse;
import io.berth.api.server.SystemService;
import io.berth.engine.ContainerService;
import io.berth.engine.ContainerStatus;
import io.berth.image.ImageService;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /version} and {@code /info} from the host's facts and the daemon's configuration. */
final class DaemonSystemService implements SystemService {
  private final DaemonConfig config;
  private final IdMap ids;
  private final HostFacts host;
  private final String engineId;
  private final Map<String, InfoResponse.Runtime> runtimes;
  private final ImageService images;
  private final ContainerService containers;
  private final Supplier<InfoResponse.Swarm> swarm;

  DaemonSystemService(DaemonConfig config, IdMap ids, HostFacts host, String engineId,
      ImageService images, ContainerService containers, Supplier<InfoResponse.Swarm> swarm) {
    this.config = config;
    this.swarm = swarm;
    this.ids = ids;
    this.images = images;
    this.containers = containers;
    this.host = host;
    this.engineId = engineId;
    this.runtimes = RuntimeProbe.probe(config.runtimes(), host.cgroupVersion());
  }

  @Override
  public VersionResponse version() {
    BuildInfo b = BuildInfo.current();
    Map<String, String> details = Map.of(
        "ApiVersion", ApiVersion.CURRENT.toString(),
        "MinAPIVersion", ApiVersion.MINIMUM.toString(),
        "GitCommit", b.commit(),
        "GoVersion", javaVersion(),
        "Os", "linux",
        "Arch", HostFacts.arch(),
        "KernelVersion", host.kernel(),
        "BuildTime", b.built(),
        "Experimental", "false");
    List<VersionResponse.Component> components = new ArrayList<>();
    components.add(new VersionResponse.Component("Engine", b.version(), details));
    runtimes.forEach((name, rt) -> components.add(new VersionResponse.Component(
        name, "", Map.of("Path", rt.path()))));
    return new VersionResponse(new VersionResponse.Platform("berth"), components, b.version(),
        ApiVersion.CURRENT.toString(), ApiVersion.MINIMUM.toString(), b.commit(), javaVersion(),
        "linux", HostFacts.arch(), host.kernel(), false, b.built());
  }

  /** The CLI prints this as "Go version"; berth's equivalent is the Java runtime. */
  private static String javaVersion() {
    return "java" + Runtime.version().feature();
  }

  @Override
  public InfoResponse info() {
    List<String> warnings = new ArrayList<>();
    if (!host.swapLimit()) {
      warnings.add("WARNING: No swap limit support");
    }
    String defaultRuntime = runtimes.containsKey(config.defaultRuntime())
        ? config.defaultRuntime() : runtimes.keySet().stream().findFirst().orElse("");
    if (runtimes.isEmpty()) {
      warnings.add("WARNING: no OCI runtime found: install runc or crun");
    }
    List<ContainerStatus> states = containers.list(true, -1, Map.of()).stream()
        .map(v -> v.container().status()).toList();
    int running = count(states, ContainerStatus.RUNNING, ContainerStatus.RESTARTING);
    int paused = count(states, ContainerStatus.PAUSED);
    return new InfoResponse(engineId, states.size(), running, paused,
        states.size() - running - paused, images.list(true, Map.of()).size(), "overlayfs",
        List.of(List.of("driver-type", "io.containerd.snapshotter.v1")),
        new InfoResponse.Plugins(List.of("local"), List.of("bridge", "host", "none", "null"),
            null, List.of("json-file", "local", "none")),
        true, host.swapLimit(), true, true, true, true, true, host.ipv4Forwarding(),
        config.logLevel().equals("debug"), openFds(), Thread.activeCount(),
        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), config.log().driver(),
        "cgroupfs", host.cgroupVersion(), 0, host.kernel(), host.osName(), host.osVersion(),
        "linux", HostFacts.unameArch(), "https://index.docker.io/v1/",
        Map.of("IndexConfigs", Map.of(), "InsecureRegistryCIDRs", List.of("127.0.0.0/8"),
            "Mirrors", List.of()),
        host.cpus(), host.memTotal(), config.root().toString(), "", "", "", host.hostname(),
        List.of(), false, BuildInfo.current().version(), runtimes, defaultRuntime,
        swarm.get(), true, "", "", securityOptions(), warnings);
  }

  @Override
  public String swarmStatus() {
    return swarm.get().localNodeState().equals("active") ? "active/manager" : "inactive";
  }

  /** As dockerd lists them: seccomp with its profile, cgroupns on v2, userns when remapped. */
  private List<String> securityOptions() {
    List<String> out = new java.util.ArrayList<>(List.of("name=seccomp,profile=builtin"));
    if (ids.remapped()) {
      out.add("name=userns");
    }
    if (config.rootless()) {
      out.add("name=rootless");
    }
    if (host.cgroupVersion().equals("2")) {
      out.add("name=cgroupns");
    }
    return out;
  }

  private static int count(List<ContainerStatus> states, ContainerStatus... wanted) {
    List<ContainerStatus> w = List.of(wanted);
    return (int) states.stream().filter(w::contains).count();
  }

  private static int openFds() {
    String[] fds = new java.io.File("/proc/self/fd").list();
    return fds == null ? 0 : fds.length;
  }
}
