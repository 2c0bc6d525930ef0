package io.berth.runtime.conmon;

import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.runtime.AttachStream;
import io.berth.runtime.ExecProcess;
import io.berth.runtime.ExecRequest;
import io.berth.runtime.ExitStatus;
import io.berth.sys.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

/**
 * A process run by {@code <runtime> exec} under its own conmon ({@code --exec}), with its own
 * directory, exit file and attach socket. conmon runs with {@code --exec-attach}: it waits until
 * we have connected to its attach socket before it runs the process, so no output is lost; the
 * first {@link #attach()} hands out that early connection. Whoever does not want the output
 * must still take it and close it: conmon writes output to connected clients with blocking
 * writes, and a client that never reads would stall the process once the socket buffer fills.
 */
final class ConmonExec implements ExecProcess {
  private final ConmonEnv env;
  private final TaskDir dir;
  private final String containerId;
  private final String execId;
  private final int pid;
  private AttachStream early;
  private CompletableFuture<ExitStatus> exit;

  private ConmonExec(ConmonEnv env, TaskDir dir, String containerId, String execId, int pid,
      AttachStream early) {
    this.env = env;
    this.dir = dir;
    this.containerId = containerId;
    this.execId = execId;
    this.pid = pid;
    this.early = early;
  }

  static ConmonExec start(ConmonEnv env, TaskDir container, String containerId, ExecRequest req) {
    TaskDir dir = TaskDir.exec(container, req.execId());
    if (Files.exists(dir.dir())) {
      throw BerthException.conflict("exec " + req.execId() + " already exists");
    }
    ConmonAttach[] attach = new ConmonAttach[1];
    try {
      Files.createDirectories(dir.exits());
      AtomicFiles.replaceString(dir.processSpec(), req.processJson());
      var argv = ConmonArgs.exec(env.conmon(), env.runtime(), env.stateRoot(), env.socketDir(),
          dir, containerId, req.execId(), req.terminal(), req.stdin());
      int pid = ConmonLauncher.exec(argv, dir.dir(), dir.conmonPidFile(), env.timeout(), () -> {
        try {
          attach[0] = ConmonAttach.connect(dir.attachSocket());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      return new ConmonExec(env, dir, containerId, req.execId(), pid, attach[0]);
    } catch (ConmonLauncher.Failure | IOException | RuntimeException e) {
      if (attach[0] != null) {
        attach[0].close();
      }
      TaskCleanup.stopMonitor(dir.conmonPidFile());
      TaskCleanup.removeTree(dir.dir());
      if (e instanceof BerthException b) {
        throw b;
      }
      // dockerd's words (containerd's error with its gRPC code), which clients show as they are
      throw new BerthException.InvalidArgument(
          "OCI runtime exec failed: " + Messages.of(e) + ": unknown", e);
    }
  }

  @Override
  public String execId() {
    return execId;
  }

  @Override
  public int pid() {
    return pid;
  }

  @Override
  public synchronized AttachStream attach() {
    if (early != null) {
      AttachStream a = early;
      early = null;
      return a;
    }
    try {
      return ConmonAttach.connect(dir.attachSocket());
    } catch (IOException e) {
      throw BerthException.conflict("cannot attach to exec " + execId + ": " + Messages.of(e));
    }
  }

  @Override
  public void resize(int height, int width) {
    ControlFifo.resize(dir.ctlFifo(), Pids.read(dir.conmonPidFile()), height, width);
  }

  /** runc has no command to signal an exec'd process; its host pid is known, so kill(2). */
  @Override
  public void kill(int signal) {
    if (exit().isDone()) {
      return;
    }
    try {
      env.sys().kill(pid, signal);
    } catch (SyscallException e) {
      // ESRCH: it exited meanwhile
    }
  }

  @Override
  public synchronized CompletableFuture<ExitStatus> exit() {
    if (exit == null) {
      exit = ExitWatcher.watch(dir.dir(), dir.exitFile(containerId), dir.oomFile(),
          dir.conmonPidFile());
      exit.thenRun(() -> Thread.ofVirtual().name("exec-cleanup").start(this::removeDir));
    }
    return exit;
  }

  /**
   * Once the exit code is read the exec's directory has served: its monitor goes (conmon
   * writes the exit file last), then the directory, so that a long-lived container does not
   * collect one directory per exec under the exec root.
   */
  private void removeDir() {
    TaskCleanup.stopMonitor(dir.conmonPidFile());
    try {
      TaskCleanup.removeTree(dir.dir());
    } catch (BerthException e) {
      // the container's task directory goes with the container anyway
    }
  }
}
