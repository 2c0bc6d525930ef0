package io.berth.runtime.conmon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.runtime.AttachStream;
import io.berth.runtime.ExecProcess;
import io.berth.runtime.ExecRequest;
import io.berth.runtime.ExitStatus;
import io.berth.runtime.Task;
import io.berth.runtime.TaskStatus;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * A container under its conmon. Lifecycle commands go straight to the runtime binary; exits,
 * stdio and resizes go through conmon's files, which survive a berthd restart.
 */
final class ConmonTask implements Task {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConmonEnv env;
  private final TaskMeta meta;
  private final TaskDir dir;
  private CompletableFuture<ExitStatus> exit;
  /** Until when the exit watcher polls fast (its first second, a second after each kill). */
  private final java.util.concurrent.atomic.AtomicLong fastUntil =
      new java.util.concurrent.atomic.AtomicLong();

  ConmonTask(ConmonEnv env, TaskMeta meta, TaskDir dir) {
    this.env = env;
    this.meta = meta;
    this.dir = dir;
  }

  @Override
  public String id() {
    return meta.id();
  }

  @Override
  public int pid() {
    return exited() ? 0 : Pids.read(dir.pidFile());
  }

  private boolean exited() {
    return ExitWatcher.read(dir.exitFile(id()), dir.oomFile()).isPresent();
  }

  @Override
  public void start() {
    lifecycle("start", "start", id());
  }

  @Override
  public void kill(int signal, boolean all) {
    ExitWatcher.expectSoon(fastUntil);
    // --all finds the processes by the container's cgroup; a container without one (rootless,
    // ADR 0114) has its own PID namespace, whose processes die with its init
    if (all && meta.cgroupsPath() != null) {
      lifecycle("kill", "kill", "--all", id(), Integer.toString(signal));
    } else {
      lifecycle("kill", "kill", id(), Integer.toString(signal));
    }
  }

  @Override
  public void pause() {
    lifecycle("pause", "pause", id());
  }

  @Override
  public void resume() {
    lifecycle("resume", "resume", id());
  }

  @Override
  public void update(byte[] resources) {
    java.nio.file.Path file = null;
    try {
      file = java.nio.file.Files.createTempFile(dir.dir(), "resources", ".json");
      java.nio.file.Files.write(file, resources);
      lifecycle("update", "update", "-r", file.toString(), id());
    } catch (IOException e) {
      throw BerthException.internal("write resources of " + id(), e);
    } finally {
      if (file != null) {
        try {
          java.nio.file.Files.deleteIfExists(file);
        } catch (IOException e) {
          // a stray temp file in the task directory goes with the task
        }
      }
    }
  }

  /** A refused lifecycle command is the container's state's fault: Docker answers 409. */
  private void lifecycle(String what, String... args) {
    try {
      env.cli().run(args);
    } catch (RuntimeCli.Failure e) {
      throw BerthException.conflict("cannot " + what + " container " + id() + ": "
          + Messages.of(e));
    }
  }

  @Override
  public TaskStatus status() {
    try {
      String state = JSON.readTree(env.cli().run("state", id())).path("status").asText();
      return switch (state.toLowerCase(Locale.ROOT)) {
        case "creating", "created" -> TaskStatus.CREATED;
        case "running" -> TaskStatus.RUNNING;
        case "paused", "pausing" -> TaskStatus.PAUSED;
        case "stopped" -> TaskStatus.STOPPED;
        default -> TaskStatus.UNKNOWN;
      };
    } catch (RuntimeCli.Failure | IOException e) {
      return exited() ? TaskStatus.STOPPED : TaskStatus.UNKNOWN;
    }
  }

  @Override
  public synchronized CompletableFuture<ExitStatus> exit() {
    if (exit == null) {
      exit = ExitWatcher.watch(dir.dir(), dir.exitFile(id()), dir.oomFile(),
          dir.conmonPidFile(), fastUntil);
    }
    return exit;
  }

  @Override
  public AttachStream attach() {
    try {
      return ConmonAttach.connect(dir.attachSocket());
    } catch (IOException e) {
      throw BerthException.conflict("cannot attach to container " + id() + ": "
          + Messages.of(e));
    }
  }

  @Override
  public void resize(int height, int width) {
    if (meta.terminal()) {
      ControlFifo.resize(dir.ctlFifo(), Pids.read(dir.conmonPidFile()), height, width);
    }
  }

  @Override
  public void reopenLog() {
    ControlFifo.reopenLogs(dir.ctlFifo(), Pids.read(dir.conmonPidFile()));
  }

  @Override
  public ExecProcess exec(ExecRequest request) {
    if (exited() || !Pids.alive(pid())) {
      throw BerthException.conflict("container " + id() + " is not running");
    }
    return ConmonExec.start(env, dir, id(), request);
  }

  @Override
  public void delete() {
    TaskCleanup.run(env, meta, dir);
  }
}
