package io.berth.engine;

import java.util.List;

/**
 * What {@code POST /containers/{id}/exec} asks for (moby {@code ExecOptions}).
 *
 * @param consoleSize {@code [height, width]} or null
 */
public record ExecConfig(List<String> cmd, List<String> env, String user, String workingDir,
    boolean tty, boolean attachStdin, boolean attachStdout, boolean attachStderr,
    boolean privileged, String detachKeys, List<Integer> consoleSize) {

  public ExecConfig {
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    env = env == null ? List.of() : List.copyOf(env);
  }
}
