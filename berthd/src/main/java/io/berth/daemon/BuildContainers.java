package io.berth.daemon;

import io.berth.build.StepContainers;
import io.berth.common.BerthException;
import io.berth.common.StdStream;
import io.berth.engine.AttachOptions;
import io.berth.engine.Attachment;
import io.berth.engine.ContainerConfig;
import io.berth.engine.ContainerService;
import io.berth.engine.CreateRequest;
import io.berth.engine.HostConfig;
import io.berth.engine.WaitResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A build's RUN steps as ordinary containers of the engine: the argv's first word becomes the
 * entrypoint (so the image's own ENTRYPOINT and CMD never wrap it, as moby sets an empty
 * entrypoint for RUN), output is attached before the start, the exit is awaited.
 */
final class BuildContainers implements StepContainers {
  private final ContainerService containers;

  BuildContainers(ContainerService containers) {
    this.containers = containers;
  }

  @Override
  public String create(Spec spec) {
    ContainerConfig config = ContainerConfig.builder().user(spec.user()).attachStdout(true)
        .attachStderr(true).env(spec.env())
        .cmd(spec.command().subList(1, spec.command().size())).image(spec.image())
        .workingDir(spec.workingDir()).entrypoint(List.of(spec.command().getFirst())).build();
    HostConfig.Builder host = HostConfig.builder().networkMode(spec.networkMode());
    Map<String, Object> other = new LinkedHashMap<>();
    (spec.limits() == null ? Map.<String, Object>of() : spec.limits()).forEach((field, v) -> {
      switch (field) {
        case "Memory" -> host.memory(((Number) v).longValue());
        case "MemorySwap" -> host.memorySwap(((Number) v).longValue());
        case "CpuShares" -> host.cpuShares(((Number) v).longValue());
        case "ShmSize" -> host.shmSize(((Number) v).longValue());
        default -> other.put(field, v); // CpuPeriod, CpuQuota, CpusetCpus, CpusetMems
      }
    });
    host.other(other);
    if (spec.extraHosts() != null && !spec.extraHosts().isEmpty()) {
      host.extra(HostConfig.Extra.EXTRA_HOSTS, spec.extraHosts());
    }
    HostConfig hostConfig = host.build();
    return containers.create(new CreateRequest(null, config, hostConfig)).id();
  }

  @Override
  public int run(String id, OutputStream stdout, OutputStream stderr) throws IOException {
    Attachment a = containers.attach(id, new AttachOptions(false, true, true, false, true));
    CompletableFuture<WaitResult> exit = containers.waitFor(id, "next-exit");
    Thread pump = Thread.ofVirtual().name("build-run-output").start(() -> {
      try {
        a.run(null, (stream, data) -> (stream == StdStream.STDERR
            ? stderr : stdout).write(data));
      } catch (IOException e) {
        // the build's client went away; the exit is still awaited below
      }
    });
    try {
      containers.start(id);
    } catch (RuntimeException e) {
      a.cancel();
      containers.cancelWait(id, exit);
      throw e;
    }
    try {
      WaitResult r = exit.get();
      pump.join();
      return r.statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("build step interrupted");
    } catch (ExecutionException e) {
      throw BerthException.internal("wait for build step " + id + ": " + e.getCause(), e);
    }
  }

  @Override
  public void remove(String id) {
    try {
      containers.remove(id, true, true); // with its anonymous volumes, as moby's builder
    } catch (BerthException.NotFound e) {
      // gone already
    }
  }
}
