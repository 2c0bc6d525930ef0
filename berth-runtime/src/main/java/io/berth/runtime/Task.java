package io.berth.runtime;

import java.util.concurrent.CompletableFuture;

/** One created container process, its monitor and its stdio. */
public interface Task {
  String id();

  /** The container's init pid on the host, 0 when it has not started or is gone. */
  int pid();

  /** Runs the created process ({@code <runtime> start}). */
  void start();

  /** Sends {@code signal} to init, or to every process of the container when {@code all}. */
  void kill(int signal, boolean all);

  /** Freezes every process (cgroup freezer). */
  void pause();

  void resume();

  /**
   * Changes the cgroup limits of the running container ({@code <runtime> update -r}) to
   * {@code resources}, the spec's {@code linux.resources} as JSON. 409 with the runtime's
   * words when it refuses.
   */
  default void update(byte[] resources) {
    throw new io.berth.common.BerthException.NotImplemented("this runtime cannot update "
        + "resources");
  }

  /**
   * Makes the monitor reopen the container's log file: after the caller renamed it away
   * (rotation), output goes to a new file at the same path. Best effort.
   */
  default void reopenLog() {}

  /** What the runtime says now. */
  TaskStatus status();

  /**
   * Completes once the init process has exited (at once if it already has), with the exit code
   * conmon recorded; survives berthd restarts because it is read from conmon's exit file.
   */
  CompletableFuture<ExitStatus> exit();

  /**
   * Connects to the monitor's attach socket. Output arrives with its stream (stdout/stderr, or
   * raw bytes with a terminal); input goes to the container's stdin.
   */
  AttachStream attach();

  /** Resizes the pty (no-op without a terminal). */
  void resize(int height, int width);

  /** Runs a process inside the container under its own conmon ({@code docker exec}). */
  ExecProcess exec(ExecRequest request);

  /** Removes runtime state and monitor files; the task must have exited (or be killed first). */
  void delete();
}
