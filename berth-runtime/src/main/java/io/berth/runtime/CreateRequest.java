package io.berth.runtime;

import java.nio.file.Path;

/**
 * What {@link OciRuntime#create} needs.
 *
 * @param id the container id (64 hex)
 * @param bundle directory holding {@code config.json}; the rootfs path inside it is already mounted
 * @param runtime the runtime name ("runc", "crun" or one from daemon.json)
 * @param terminal allocate a pty (config.json's {@code process.terminal} must agree)
 * @param stdin keep a stdin pipe open for attach
 * @param stdinOnce close the container's stdin when the first attached client detaches
 * @param logPath where conmon writes the k8s-file log; null keeps no log
 * @param logSizeMax conmon's {@code --log-size-max}: past it conmon starts a new file (through
 *     {@code <logPath>.tmp}); 0 for no limit
 */
public record CreateRequest(String id, Path bundle, String runtime, boolean terminal,
    boolean stdin, boolean stdinOnce, Path logPath, long logSizeMax) {

  public CreateRequest(String id, Path bundle, String runtime, boolean terminal, boolean stdin,
      boolean stdinOnce, Path logPath) {
    this(id, bundle, runtime, terminal, stdin, stdinOnce, logPath, 0);
  }
}
