package io.berth.build;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The containers a build's RUN steps execute in. The builder does not know the container engine
 * (the engine sits beside it, not below it); berthd implements this with its ContainerService,
 * so a RUN step is an ordinary container: created, started, waited for and removed, with events
 * and a {@code docker ps -a} line while it runs.
 */
public interface StepContainers {
  /**
   * A RUN step's container: runs {@code command} (argv) with the image's settings replaced by
   * these; {@code networkMode} and {@code extraHosts} may be null; {@code limits} are
   * HostConfig fields by their wire names ({@code Memory}, {@code CpuShares}, ...).
   */
  record Spec(String image, List<String> command, List<String> env, String user,
      String workingDir, String networkMode, List<String> extraHosts,
      java.util.Map<String, Object> limits) {}

  /**
   * Creates the container; returns its ID, which is also the key of its writable snapshot.
   * Errors are the engine's (404 no such image, 400 invalid settings).
   */
  String create(Spec spec);

  /** Starts it, copies its stdout and stderr to these until it exits; its exit code. */
  int run(String id, OutputStream stdout, OutputStream stderr) throws IOException;

  /** Removes it (forcibly, with its writable layer); an absent container is no error. */
  void remove(String id);
}
