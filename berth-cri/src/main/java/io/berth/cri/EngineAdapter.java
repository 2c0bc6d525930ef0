package io.berth.cri;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.cri.api.ContainerConfig;
import io.berth.cri.api.Mount;
import io.berth.cri.api.NamespaceMode;
import io.berth.cri.api.PodSandboxConfig;
import io.berth.cri.api.SecurityProfile;
import io.berth.engine.Container;
import io.berth.engine.ContainerService;
import io.berth.engine.CreateRequest;
import io.berth.engine.ExecConfig;
import io.berth.engine.HostConfig;
import io.berth.engine.OutputSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place where the CRI meets berth's container engine: a pod sandbox or a CRI container
 * becomes an engine create request (the engine's own {@code ContainerConfig}/{@code HostConfig},
 * made with their builders: no Docker JSON, ADR 0139), and an engine container becomes
 * an {@link EngineContainer}. Every other class of this module sees only CRI messages and
 * {@link EngineContainer}, so a change of the engine's records touches this file alone.
 *
 * <p>What ties them together (ADR 0121): every container the CRI makes carries the label
 * {@value #KIND} ({@code sandbox} or {@code container}); a container also carries
 * {@value #SANDBOX}, its pod's id; both carry their CRI config, serialised, in
 * {@value #CONFIG}. The CRI lists only containers with {@value #KIND}.
 */
final class EngineAdapter {
  static final String KIND = "io.berth.cri.kind";
  static final String SANDBOX = "io.berth.cri.sandbox-id";
  static final String CONFIG = "io.berth.cri.config";
  /** The engine's label for containers the Docker API does not list (HiddenContainers). */
  static final String HIDDEN = "io.berth.hidden";

  private final ContainerService engine;

  EngineAdapter(ContainerService engine) {
    this.engine = engine;
  }

  /** A container as the CRI needs it: identity, labels, state, times in nanoseconds. */
  record EngineContainer(String id, String name, Map<String, String> labels, String status,
      int pid, int exitCode, boolean oomKilled, String error, long createdNanos,
      long startedNanos, long finishedNanos, String imageId, String logPath) {
    boolean running() {
      return status.equals("running") || status.equals("paused")
          || status.equals("restarting");
    }

    boolean created() {
      return status.equals("created");
    }
  }

  /** Creates (not starts) the pod's sandbox container from {@code image}. */
  String createSandbox(String name, String image, PodSandboxConfig cfg, byte[] serialized) {
    var sc = cfg.getLinux().getSecurityContext();
    var ns = sc.getNamespaceOptions();
    var config = io.berth.engine.ContainerConfig.builder();
    config.image(image);
    if (!cfg.getHostname().isEmpty() && ns.getNetwork() != NamespaceMode.NODE) {
      config.hostname(cfg.getHostname());
    }
    config.labels(Map.of(KIND, "sandbox", CONFIG, encode(serialized), HIDDEN, "true"));
    HostConfig.Builder host = HostConfig.builder();
    host.networkMode(ns.getNetwork() == NamespaceMode.NODE ? "host" : "none");
    host.pidMode(ns.getPid() == NamespaceMode.NODE ? "host" : "");
    host.ipcMode(ns.getIpc() == NamespaceMode.NODE ? "host" : "shareable");
    host.logConfig(new HostConfig.LogConfig("none", Map.of()));
    host.privileged(sc.getPrivileged());
    host.readonlyRootfs(sc.getReadonlyRootfs());
    if (cfg.hasDnsConfig()) {
      host.extra(HostConfig.Extra.DNS, cfg.getDnsConfig().getServersList());
      host.extra(HostConfig.Extra.DNS_SEARCH, cfg.getDnsConfig().getSearchesList());
      host.extra(HostConfig.Extra.DNS_OPTIONS, cfg.getDnsConfig().getOptionsList());
    }
    if (!cfg.getLinux().getSysctlsMap().isEmpty()) {
      host.sysctls(cfg.getLinux().getSysctlsMap());
    }
    if (sc.hasRunAsUser()) {
      config.user(sc.getRunAsUser().getValue()
          + (sc.hasRunAsGroup() ? ":" + sc.getRunAsGroup().getValue() : ""));
    }
    host.securityOpt(seccomp(profile(sc.hasSeccomp() ? sc.getSeccomp() : null,
        sc.getSeccompProfilePath()), false));
    return create(name, config, host);
  }

  /**
   * Creates a container of the pod {@code sandbox}, in its network namespace (or the node's),
   * with its log at {@code logPath} in the CRI format (conmon's k8s-file).
   */
  String createContainer(String name, String imageRef, EngineContainer sandbox,
      PodSandboxConfig pod, ContainerConfig cfg, byte[] serialized, Path logPath) {
    var sc = cfg.getLinux().getSecurityContext();
    var ns = sc.getNamespaceOptions();
    var config = io.berth.engine.ContainerConfig.builder();
    config.image(imageRef);
    if (!cfg.getCommandList().isEmpty()) {
      config.entrypoint(cfg.getCommandList());
      config.cmd(cfg.getArgsList());
    } else if (!cfg.getArgsList().isEmpty()) {
      config.cmd(cfg.getArgsList());
    }
    if (!cfg.getWorkingDir().isEmpty()) {
      config.workingDir(cfg.getWorkingDir());
    }
    List<String> env = new ArrayList<>();
    cfg.getEnvsList().forEach(kv -> env.add(kv.getKey() + "=" + kv.getValue()));
    config.env(env);
    config.tty(cfg.getTty());
    config.openStdin(cfg.getStdin());
    config.stdinOnce(cfg.getStdinOnce());
    config.attachStdin(cfg.getStdin());
    if (!pod.getHostname().isEmpty() && pod.getLinux().getSecurityContext()
        .getNamespaceOptions().getNetwork() != NamespaceMode.NODE) {
      config.hostname(pod.getHostname());
    }
    if (sc.hasRunAsGroup() && !sc.hasRunAsUser() && sc.getRunAsUsername().isEmpty()) {
      throw BerthException.invalid("run_as_group should only be specified when run_as_user or"
          + " run_as_username is specified");
    }
    if (sc.hasRunAsUser()) {
      config.user(sc.getRunAsUser().getValue()
          + (sc.hasRunAsGroup() ? ":" + sc.getRunAsGroup().getValue() : ""));
    } else if (!sc.getRunAsUsername().isEmpty()) {
      config.user(sc.getRunAsUsername()
          + (sc.hasRunAsGroup() ? ":" + sc.getRunAsGroup().getValue() : ""));
    }
    config.labels(Map.of(KIND, "container", SANDBOX, sandbox.id(),
        CONFIG, encode(serialized), HIDDEN, "true"));
    HostConfig.Builder host = HostConfig.builder();
    boolean nodeNet = pod.getLinux().getSecurityContext().getNamespaceOptions().getNetwork()
        == NamespaceMode.NODE;
    host.networkMode(nodeNet ? "host" : "container:" + sandbox.id());
    host.pidMode(switch (ns.getPid()) {
      case NODE -> "host";
      case POD -> "container:" + sandbox.id(); // the pause process is PID 1 of them all
      case TARGET -> "container:" + ns.getTargetId();
      default -> "";
    });
    host.ipcMode(ns.getIpc() == NamespaceMode.NODE ? "host" : "");
    if (logPath != null) {
      host.logConfig(new HostConfig.LogConfig("k8s-file", Map.of("path",
          logPath.toString())));
    } else {
      host.logConfig(new HostConfig.LogConfig("none", Map.of()));
    }
    List<String> binds = new ArrayList<>();
    for (Mount m : cfg.getMountsList()) {
      binds.add(bind(m));
    }
    host.binds(binds);
    List<HostConfig.DeviceMapping> devices = new ArrayList<>();
    cfg.getDevicesList().forEach(d -> devices.add(new HostConfig.DeviceMapping(d.getHostPath(),
        d.getContainerPath(), d.getPermissions().isEmpty() ? "rwm" : d.getPermissions())));
    host.devices(devices);
    host.privileged(sc.getPrivileged());
    host.readonlyRootfs(sc.getReadonlyRootfs());
    // kubelet sends the defaults (none for procMount Unmasked); empty means the engine's own
    if (!sc.getMaskedPathsList().isEmpty()) {
      host.extra(HostConfig.Extra.MASKED_PATHS, sc.getMaskedPathsList());
    }
    if (!sc.getReadonlyPathsList().isEmpty()) {
      host.extra(HostConfig.Extra.READONLY_PATHS, sc.getReadonlyPathsList());
    }
    host.capAdd(caps(sc.getCapabilities().getAddCapabilitiesList()));
    host.capDrop(caps(sc.getCapabilities().getDropCapabilitiesList()));
    host.groupAdd(sc.getSupplementalGroupsList().stream().map(String::valueOf).toList());
    host.securityOpt(seccomp(profile(sc.hasSeccomp() ? sc.getSeccomp() : null,
        sc.getSeccompProfilePath()), sc.getNoNewPrivs()));
    if (pod.hasDnsConfig()) {
      host.extra(HostConfig.Extra.DNS, pod.getDnsConfig().getServersList());
      host.extra(HostConfig.Extra.DNS_SEARCH, pod.getDnsConfig().getSearchesList());
      host.extra(HostConfig.Extra.DNS_OPTIONS, pod.getDnsConfig().getOptionsList());
    }
    Map<String, String> sysctls = new LinkedHashMap<>();
    pod.getLinux().getSysctlsMap().forEach((k, v) -> {
      if (!k.startsWith("net.")) {
        sysctls.put(k, v); // net.* were set in the sandbox's namespace, which this one joins
      }
    });
    if (!sysctls.isEmpty()) {
      host.sysctls(sysctls);
    }
    var res = cfg.getLinux().getResources();
    if (res.getMemoryLimitInBytes() > 0) {
      host.memory(res.getMemoryLimitInBytes());
    }
    if (res.getCpuShares() > 0) {
      host.cpuShares(res.getCpuShares());
    }
    if (res.getCpuQuota() > 0 && res.getCpuPeriod() > 0) {
      host.nanoCpus(res.getCpuQuota() * 1_000_000_000L / res.getCpuPeriod());
    }
    if (logPath != null) {
      try {
        Files.createDirectories(logPath.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw BerthException.internal("create log directory of " + logPath + ": "
            + Messages.of(e), e);
      }
    }
    return create(name, config, host);
  }

  private String create(String name, io.berth.engine.ContainerConfig.Builder config,
      HostConfig.Builder host) {
    return engine.create(new CreateRequest(name, config.build(), host.build())).id();
  }

  private static String bind(Mount m) {
    if (m.getHostPath().isEmpty() || m.getContainerPath().isEmpty()) {
      throw BerthException.invalid("mount needs both a host and a container path");
    }
    String propagation = switch (m.getPropagation()) {
      case PROPAGATION_HOST_TO_CONTAINER -> ",rslave";
      case PROPAGATION_BIDIRECTIONAL -> ",rshared";
      default -> ",rprivate";
    };
    return m.getHostPath() + ":" + m.getContainerPath() + ":" + (m.getReadonly() ? "ro" : "rw")
        + propagation;
  }

  private static List<String> caps(List<String> names) {
    return names.stream().map(n -> n.equalsIgnoreCase("ALL") ? "ALL"
        : n.startsWith("CAP_") ? n : "CAP_" + n).toList();
  }

  /**
   * The seccomp profile asked for: the field, else the deprecated path string
   * ({@code runtime/default}, {@code docker/default}, {@code localhost/<file>},
   * {@code unconfined}); neither is Unconfined, as the CRI defines a nil profile.
   */
  static SecurityProfile profile(SecurityProfile field, String path) {
    if (field != null) {
      return field;
    }
    SecurityProfile.Builder b = SecurityProfile.newBuilder();
    if (path.equals("runtime/default") || path.equals("docker/default")) {
      return b.setProfileType(SecurityProfile.ProfileType.RuntimeDefault).build();
    }
    if (path.startsWith("localhost/")) {
      return b.setProfileType(SecurityProfile.ProfileType.Localhost)
          .setLocalhostRef(path.substring("localhost/".length())).build();
    }
    return b.setProfileType(SecurityProfile.ProfileType.Unconfined).build();
  }

  private static List<String> seccomp(SecurityProfile p, boolean noNewPrivs) {
    List<String> out = new ArrayList<>();
    if (noNewPrivs) {
      out.add("no-new-privileges");
    }
    switch (p.getProfileType()) {
      case Unconfined -> out.add("seccomp=unconfined");
      case Localhost -> {
        try {
          out.add("seccomp=" + Files.readString(Path.of(p.getLocalhostRef())));
        } catch (IOException e) {
          throw BerthException.invalid("cannot load seccomp profile " + p.getLocalhostRef()
              + ": " + Messages.of(e));
        }
      }
      default -> { } // RuntimeDefault: the engine's built-in profile
    }
    return out;
  }

  void start(String id) {
    engine.start(id);
  }

  void reopenLog(String id) {
    engine.reopenLog(id);
  }

  /**
   * Stops it ({@code timeout} seconds, then SIGKILL); a container that is not running is fine.
   * No timeout is SIGKILL at once, as containerd does it: not the stop signal first and then
   * SIGKILL (the Docker API's {@code stop -t 0}), which costs a second runtime call.
   */
  void stop(String id, long timeout) {
    try {
      if (timeout <= 0) {
        engine.kill(id, "KILL");
      } else {
        engine.stop(id, (int) timeout, null);
      }
    } catch (BerthException.NotModified | BerthException.NotFound e) {
      // already stopped, or gone: what was asked for
    } catch (BerthException e) {
      // a process that exited while it was being killed (runc: "container does not exist",
      // its cgroup gone; a pod's shared PID namespace ends with its pause): stopped all the same
      EngineContainer now = find(id);
      for (int i = 0; i < 100 && now != null && now.running(); i++) {
        sleep(Duration.ofMillis(20)); // its exit is being noticed
        now = find(id);
      }
      if (now != null && now.running()) {
        throw e;
      }
    }
  }

  /** Removes it, running or not; an unknown id is fine. */
  void remove(String id) {
    try {
      engine.remove(id, true);
    } catch (BerthException.NotFound e) {
      // already gone
    }
  }

  /** The CRI-made container {@code id}, or null when there is none (or it is not the CRI's). */
  EngineContainer find(String id) {
    if (id == null || id.isEmpty()) {
      return null;
    }
    try {
      EngineContainer c = view(engine.inspect(id).container());
      return c.labels().containsKey(KIND) ? c : null;
    } catch (BerthException.NotFound | BerthException.InvalidArgument e) {
      return null;
    }
  }

  /** Every container the CRI made of {@code kind}. */
  List<EngineContainer> list(String kind) {
    return engine.list(true, 0, Map.of("label", List.of(KIND + "=" + kind, HIDDEN))).stream()
        .map(v -> view(v.container())).toList();
  }

  /** Runs {@code cmd} in the container; its output and exit code, or a timeout error. */
  ExecResult exec(String id, List<String> cmd, long timeoutSeconds) {
    String exec = engine.execs().create(id, new ExecConfig(cmd, List.of(), null, null, false,
        false, true, true, false, null, null));
    var attachment = engine.execs().start(exec, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    OutputSink sink = (stream, data) -> {
      synchronized (out) {
        (stream == io.berth.common.StdStream.STDERR ? err : out).write(data);
      }
    };
    Future<?> run = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor().submit(() -> {
      attachment.run(new ByteArrayInputStream(new byte[0]), sink);
      return null;
    });
    try {
      if (timeoutSeconds > 0) {
        run.get(timeoutSeconds, TimeUnit.SECONDS);
      } else {
        run.get();
      }
    } catch (TimeoutException e) {
      // as containerd: the process is killed, not left running behind the error
      int pid = engine.execs().inspect(exec).pid();
      if (pid > 0) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      attachment.cancel();
      run.cancel(true);
      throw new ExecTimeout("command " + cmd + " timed out after " + timeoutSeconds + "s");
    } catch (ExecutionException e) {
      throw BerthException.internal("exec in " + id + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.internal("exec in " + id + " interrupted", e);
    }
    Integer code = null;
    for (int i = 0; i < 100 && code == null; i++) {
      code = engine.execs().inspect(exec).exitCode();
      if (code == null) {
        sleep(Duration.ofMillis(20));
      }
    }
    synchronized (out) {
      return new ExecResult(out.toByteArray(), err.toByteArray(), code == null ? -1 : code);
    }
  }

  record ExecResult(byte[] stdout, byte[] stderr, int exitCode) {}

  /**
   * Runs {@code cmd} with the client's streams (stdin null: none) to its end; its exit code.
   * Returns once the output has ended and the exit code is in, without waiting for the
   * client's stdin to close as the Docker API's attach does: a CRI client keeps stdin open
   * until it has the exit status, which comes after this returns (client-go's remotecommand
   * with a terminal waited out the engine's two seconds for it).
   */
  int execStreaming(String id, List<String> cmd, boolean tty, java.io.InputStream stdin,
      OutputSink sink, Resizes sizes) throws IOException {
    String exec = engine.execs().create(id, new ExecConfig(cmd, List.of(), null, null, tty,
        stdin != null, true, true, false, null, null));
    io.berth.engine.Attachment attachment = engine.execs().start(exec, false);
    follow(sizes, (h, w) -> engine.execs().resize(exec, h, w));
    java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();
    OutputSink untilEnd = new OutputSink() {
      @Override
      public void write(io.berth.common.StdStream stream, byte[] data) throws IOException {
        sink.write(stream, data);
      }

      @Override
      public void flush() throws IOException {
        sink.flush();
      }

      @Override
      public void end() throws IOException {
        sink.end();
        ended.complete(null);
      }
    };
    Thread.ofVirtual().name("cri-exec").start(() -> {
      try {
        attachment.run(stdin, untilEnd);
        ended.complete(null);
      } catch (IOException | RuntimeException e) {
        ended.completeExceptionally(e);
      }
    });
    try {
      ended.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io
          : new IOException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      attachment.cancel();
      throw new java.io.InterruptedIOException("exec in " + id + " interrupted");
    }
    Integer code = null;
    for (int i = 0; i < 100 && code == null; i++) {
      code = engine.execs().inspect(exec).exitCode();
      if (code == null) {
        sleep(Duration.ofMillis(20));
      }
    }
    return code == null ? -1 : code;
  }

  /** Attaches to the container's process until its output ends. */
  void attach(String id, boolean stdin, boolean stdout, boolean stderr, java.io.InputStream in,
      OutputSink sink, Resizes sizes) throws IOException {
    io.berth.engine.Attachment a = engine.attach(id, new io.berth.engine.AttachOptions(stdin,
        stdout, stderr, false, true));
    follow(sizes, (h, w) -> engine.resize(id, h, w));
    a.run(in, sink);
  }

  /** A client's terminal sizes: each is handed to the given resize until the client's end. */
  @FunctionalInterface
  interface Resizes {
    void forEach(io.berth.cri.stream.TerminalSizes.Sink resize);
  }

  /**
   * Applies the client's sizes (none without a terminal) on a thread of their own, as they
   * come; a size for a process that has just ended is dropped. The first comes as the process
   * starts (client-go sends it once the streams are made), so a process that asks for its
   * size at once may still see the new terminal's 0x0, as with containerd.
   */
  private static void follow(Resizes sizes, io.berth.cri.stream.TerminalSizes.Sink resize) {
    if (sizes == null) {
      return;
    }
    Thread.ofVirtual().name("cri-resize").start(() -> sizes.forEach((h, w) -> {
      try {
        resize.resize(h, w);
      } catch (RuntimeException e) {
        // the process is gone: nothing to size
      }
    }));
  }

  /** A TCP connection to {@code port} on localhost in the container's network namespace. */
  java.nio.channels.SocketChannel connect(String id, int port) throws IOException {
    return engine.connect(id, port);
  }

  /** CPU time (ns), memory in use and its working set (use less inactive file pages). */
  record Usage(long readNanos, long cpuNanos, long memoryUsage, long workingSet) {}

  Usage usage(String id) {
    io.berth.engine.StatsSample s = engine.stats(id);
    Map<String, Long> m = s.memoryStats() == null ? Map.of() : s.memoryStats();
    long inactive = m.getOrDefault("total_inactive_file", m.getOrDefault("inactive_file", 0L));
    long ws = Math.max(0, s.memoryUsage() - inactive);
    Instant t = s.read() == null ? Instant.now() : s.read();
    return new Usage(t.getEpochSecond() * 1_000_000_000L + t.getNano(), s.cpuTotal(),
        s.memoryUsage(), ws);
  }

  /** An ExecSync that ran past its timeout (gRPC DEADLINE_EXCEEDED). */
  static final class ExecTimeout extends RuntimeException {
    ExecTimeout(String message) {
      super(message);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static EngineContainer view(Container c) {
    var s = c.state();
    return new EngineContainer(c.id(), c.name().startsWith("/") ? c.name().substring(1)
        : c.name(), c.config().labelsOrEmpty(), s.status().toString().toLowerCase(
        java.util.Locale.ROOT), s.pid(), s.exitCode(), s.oomKilled(),
        s.error() == null ? "" : s.error(), nanos(c.created()), nanos(s.startedAt()),
        nanos(s.finishedAt()), c.image(), c.logPath());
  }

  private static long nanos(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty() || rfc3339.startsWith("0001-")) {
      return 0;
    }
    try {
      Instant t = Instant.parse(rfc3339);
      return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  static String encode(byte[] b) {
    return java.util.Base64.getEncoder().encodeToString(b);
  }

  static byte[] decode(String s) {
    return s == null ? new byte[0] : java.util.Base64.getDecoder().decode(s);
  }
}
