package io.berth.cri;

import io.berth.cri.api.*;
import io.berth.cri.stream.StreamingServer;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The CRI's RuntimeService: thin handlers over {@link Pods} and {@link PodContainers}. RPCs not
 * overridden here answer UNIMPLEMENTED (the generated base class), which kubelet and crictl
 * report as such.
 */
public final class RuntimeApi extends RuntimeServiceGrpc.RuntimeServiceImplBase {
  private final Pods pods;
  private final PodContainers containers;
  private final EngineAdapter engine;
  private final CriSettings settings;
  private final String version;
  private final StreamingServer streaming;

  RuntimeApi(Pods pods, PodContainers containers, EngineAdapter engine, CriSettings settings,
      String version, StreamingServer streaming) {
    this.streaming = streaming;
    this.pods = pods;
    this.containers = containers;
    this.engine = engine;
    this.settings = settings;
    this.version = version;
  }

  @Override
  public void version(VersionRequest req, StreamObserver<VersionResponse> out) {
    Calls.unary("Version", out, () -> VersionResponse.newBuilder().setVersion("0.1.0")
        .setRuntimeName("berth").setRuntimeVersion(version).setRuntimeApiVersion("v1").build());
  }

  @Override
  public void status(StatusRequest req, StreamObserver<StatusResponse> out) {
    Calls.unary("Status", out, () -> {
      RuntimeCondition.Builder net = RuntimeCondition.newBuilder().setType("NetworkReady");
      try {
        CniNetwork.load(settings.cniConfDir());
        net.setStatus(true);
      } catch (RuntimeException e) {
        net.setStatus(false).setReason("NetworkPluginNotReady").setMessage(e.getMessage());
      }
      return StatusResponse.newBuilder().setStatus(RuntimeStatus.newBuilder()
          .addConditions(RuntimeCondition.newBuilder().setType("RuntimeReady").setStatus(true))
          .addConditions(net)).build();
    });
  }

  @Override
  public void runtimeConfig(RuntimeConfigRequest req, StreamObserver<RuntimeConfigResponse> out) {
    Calls.unary("RuntimeConfig", out, () -> RuntimeConfigResponse.newBuilder()
        .setLinux(LinuxRuntimeConfiguration.newBuilder().setCgroupDriver(
            settings.cgroupDriver().equals("systemd") ? CgroupDriver.SYSTEMD
                : CgroupDriver.CGROUPFS)).build());
  }

  @Override
  public void updateRuntimeConfig(UpdateRuntimeConfigRequest req,
      StreamObserver<UpdateRuntimeConfigResponse> out) {
    // the pod CIDR is the CNI configuration's business; nothing of it is berth's to keep
    Calls.unary("UpdateRuntimeConfig", out, UpdateRuntimeConfigResponse::getDefaultInstance);
  }

  @Override
  public void runPodSandbox(RunPodSandboxRequest req, StreamObserver<RunPodSandboxResponse> out) {
    Calls.unary("RunPodSandbox", out, () -> RunPodSandboxResponse.newBuilder()
        .setPodSandboxId(pods.run(req.getConfig())).build());
  }

  @Override
  public void stopPodSandbox(StopPodSandboxRequest req,
      StreamObserver<StopPodSandboxResponse> out) {
    Calls.unary("StopPodSandbox", out, () -> {
      pods.stop(req.getPodSandboxId(), containers.of(full(req.getPodSandboxId())));
      return StopPodSandboxResponse.getDefaultInstance();
    });
  }

  @Override
  public void removePodSandbox(RemovePodSandboxRequest req,
      StreamObserver<RemovePodSandboxResponse> out) {
    Calls.unary("RemovePodSandbox", out, () -> {
      pods.remove(req.getPodSandboxId(), containers.of(full(req.getPodSandboxId())));
      return RemovePodSandboxResponse.getDefaultInstance();
    });
  }

  private String full(String id) {
    Pods.Pod p = pods.find(id);
    return p == null ? id : p.id();
  }

  @Override
  public void podSandboxStatus(PodSandboxStatusRequest req,
      StreamObserver<PodSandboxStatusResponse> out) {
    Calls.unary("PodSandboxStatus", out, () -> PodSandboxStatusResponse.newBuilder()
        .setStatus(pods.status(req.getPodSandboxId())).build());
  }

  @Override
  public void listPodSandbox(ListPodSandboxRequest req,
      StreamObserver<ListPodSandboxResponse> out) {
    Calls.unary("ListPodSandbox", out, () -> ListPodSandboxResponse.newBuilder()
        .addAllItems(pods.list(req.getFilter())).build());
  }

  @Override
  public void createContainer(CreateContainerRequest req,
      StreamObserver<CreateContainerResponse> out) {
    Calls.unary("CreateContainer", out, () -> CreateContainerResponse.newBuilder()
        .setContainerId(containers.create(req.getPodSandboxId(), req.getConfig())).build());
  }

  @Override
  public void startContainer(StartContainerRequest req,
      StreamObserver<StartContainerResponse> out) {
    Calls.unary("StartContainer", out, () -> {
      containers.start(req.getContainerId());
      return StartContainerResponse.getDefaultInstance();
    });
  }

  @Override
  public void stopContainer(StopContainerRequest req, StreamObserver<StopContainerResponse> out) {
    Calls.unary("StopContainer", out, () -> {
      containers.stop(req.getContainerId(), req.getTimeout());
      return StopContainerResponse.getDefaultInstance();
    });
  }

  @Override
  public void removeContainer(RemoveContainerRequest req,
      StreamObserver<RemoveContainerResponse> out) {
    Calls.unary("RemoveContainer", out, () -> {
      containers.remove(req.getContainerId());
      return RemoveContainerResponse.getDefaultInstance();
    });
  }

  @Override
  public void listContainers(ListContainersRequest req,
      StreamObserver<ListContainersResponse> out) {
    Calls.unary("ListContainers", out, () -> ListContainersResponse.newBuilder()
        .addAllContainers(containers.list(req.getFilter())).build());
  }

  @Override
  public void containerStatus(ContainerStatusRequest req,
      StreamObserver<ContainerStatusResponse> out) {
    Calls.unary("ContainerStatus", out, () -> ContainerStatusResponse.newBuilder()
        .setStatus(containers.status(req.getContainerId())).build());
  }

  @Override
  public void reopenContainerLog(ReopenContainerLogRequest req,
      StreamObserver<ReopenContainerLogResponse> out) {
    Calls.unary("ReopenContainerLog", out, () -> {
      PodContainers.Made m = containers.get(req.getContainerId());
      engine.reopenLog(m.container().id());
      // conmon reopens on its own time; kubelet's log rotation expects the new file on return
      String log = m.container().logPath();
      for (int i = 0; i < 200 && log != null && !log.isEmpty()
          && !java.nio.file.Files.exists(java.nio.file.Path.of(log)); i++) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return ReopenContainerLogResponse.getDefaultInstance();
    });
  }

  @Override
  public void containerStats(ContainerStatsRequest req,
      StreamObserver<ContainerStatsResponse> out) {
    Calls.unary("ContainerStats", out, () -> ContainerStatsResponse.newBuilder()
        .setStats(containers.stats(req.getContainerId())).build());
  }

  @Override
  public void listContainerStats(ListContainerStatsRequest req,
      StreamObserver<ListContainerStatsResponse> out) {
    Calls.unary("ListContainerStats", out, () -> ListContainerStatsResponse.newBuilder()
        .addAllStats(containers.stats(req.getFilter())).build());
  }

  @Override
  public void exec(ExecRequest req, StreamObserver<ExecResponse> out) {
    Calls.unary("Exec", out, () -> {
      if (req.getCmdCount() == 0) {
        throw io.berth.common.BerthException.invalid("cmd must not be empty");
      }
      if (!req.getStdin() && !req.getStdout() && !req.getStderr()) {
        throw io.berth.common.BerthException.invalid(
            "one of stdin, stdout, or stderr must be set");
      }
      if (req.getTty() && req.getStderr()) {
        throw io.berth.common.BerthException.invalid("tty and stderr cannot both be true");
      }
      String id = running(req.getContainerId());
      return ExecResponse.newBuilder().setUrl(streaming.url(new StreamingServer.Request("exec",
          id, req.getCmdList(), req.getTty(), req.getStdin(), req.getStdout(),
          req.getStderr()))).build();
    });
  }

  @Override
  public void attach(AttachRequest req, StreamObserver<AttachResponse> out) {
    Calls.unary("Attach", out, () -> {
      if (!req.getStdin() && !req.getStdout() && !req.getStderr()) {
        throw io.berth.common.BerthException.invalid(
            "one of stdin, stdout, or stderr must be set");
      }
      String id = running(req.getContainerId());
      return AttachResponse.newBuilder().setUrl(streaming.url(new StreamingServer.Request(
          "attach", id, java.util.List.of(), req.getTty(), req.getStdin(), req.getStdout(),
          req.getStderr() && !req.getTty()))).build();
    });
  }

  @Override
  public void portForward(PortForwardRequest req, StreamObserver<PortForwardResponse> out) {
    Calls.unary("PortForward", out, () -> {
      Pods.Pod pod = pods.get(req.getPodSandboxId());
      if (pod.state() != PodSandboxState.SANDBOX_READY) {
        throw io.berth.common.BerthException.conflict("pod " + pod.id() + " is not ready");
      }
      return PortForwardResponse.newBuilder().setUrl(streaming.url(new StreamingServer.Request(
          "portforward", pod.id(), java.util.List.of(), false, false, false, false))).build();
    });
  }

  /** The full id of the running container {@code id}; FAILED_PRECONDITION-like otherwise. */
  private String running(String id) {
    PodContainers.Made m = containers.get(id);
    if (!m.container().running()) {
      throw io.berth.common.BerthException.conflict("container " + m.container().id()
          + " is not running");
    }
    return m.container().id();
  }

  @Override
  public void execSync(ExecSyncRequest req, StreamObserver<ExecSyncResponse> out) {
    Calls.unary("ExecSync", out, () -> {
      PodContainers.Made m = containers.get(req.getContainerId());
      try {
        EngineAdapter.ExecResult r = engine.exec(m.container().id(), req.getCmdList(),
            req.getTimeout());
        return ExecSyncResponse.newBuilder()
            .setStdout(com.google.protobuf.ByteString.copyFrom(r.stdout()))
            .setStderr(com.google.protobuf.ByteString.copyFrom(r.stderr()))
            .setExitCode(r.exitCode()).build();
      } catch (EngineAdapter.ExecTimeout e) {
        throw Status.DEADLINE_EXCEEDED.withDescription(e.getMessage()).asRuntimeException();
      }
    });
  }
}
