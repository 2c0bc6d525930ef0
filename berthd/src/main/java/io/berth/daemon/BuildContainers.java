package io.berth.daemon;

import io.berth.build.StepContainers;
import io.berth.common.BerthException;
import io.berth.common.StdStream;
import io.berth.engine.AttachOptions;
import io.berth.engine.Attachment;
import io.berth.engine.ContainerConfig;
import io.berth.engine.ContainerService;
import io.berth.engine.CreateRequest;
import io.berth.engine.EngineJson;
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
    ContainerConfig config = new ContainerConfig(null, null, spec.user(), false, true, true,
        null, false, false, false, spec.env(), spec.command().subList(1, spec.command().size()),
        null, spec.image(), null, spec.workingDir(), List.of(spec.command().getFirst()), null,
        null, null, null, null, null);
    Map<String, Object> host = new LinkedHashMap<>(spec.limits() == null ? Map.of()
        : spec.limits());
    if (spec.networkMode() != null && !spec.networkMode().isEmpty()) {
      host.put("NetworkMode", spec.networkMode());
    }
    if (spec.extraHosts() != null && !spec.extraHosts().isEmpty()) {
      host.put("ExtraHosts", spec.extraHosts());
    }
    HostConfig hostConfig = EngineJson.MAPPER.convertValue(host, HostConfig.class);
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
