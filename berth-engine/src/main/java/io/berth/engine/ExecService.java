package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.Ids;
import io.berth.runtime.AttachStream;
import io.berth.runtime.ExecProcess;
import io.berth.runtime.ExecRequest;
import io.berth.runtime.ExitStatus;
import io.berth.runtime.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker exec}: instances are created against a running container, started once
 * (attached or detached), and kept for inspect until their container is removed.
 */
public final class ExecService {
  /** The exit code of an exec whose process could not be started (moby's, whatever the cause). */
  static final int CANNOT_START = 126;

  private final ContainerStore store;
  private final LiveTasks tasks;
  private final BundleSpec spec;
  private final EventBus events;
  private final Map<String, Instance> instances = new ConcurrentHashMap<>();

  ExecService(ContainerStore store, LiveTasks tasks, BundleSpec spec, EventBus events) {
    this.store = store;
    this.tasks = tasks;
    this.spec = spec;
    this.events = events;
  }

  private static final class Instance {
    final String id;
    final String containerId;
    final ExecConfig config;
    ExecProcess process;
    Integer exitCode;

    Instance(String id, String containerId, ExecConfig config) {
      this.id = id;
      this.containerId = containerId;
      this.config = config;
    }
  }

  /** 409 {@code Container <id> is not running} unless it runs; returns the new exec id. */
  public String create(String ref, ExecConfig config) {
    Container c = store.get(ref);
    if (c.status() == ContainerStatus.PAUSED) {
      throw BerthException.conflict("Container " + c.id()
          + " is paused, unpause the container before exec");
    }
    if (!c.status().isRunning() || tasks.get(c.id()).isEmpty()) {
      throw BerthException.conflict("Container " + c.id() + " is not running");
    }
    if (config.cmd().isEmpty()) {
      throw BerthException.invalid("No exec command specified");
    }
    String id = Ids.random();
    instances.put(id, new Instance(id, c.id(), config));
    publish(c.id(), "exec_create: " + String.join(" ", config.cmd()), id);
    return id;
  }

  /**
   * Starts the process. Detached: returns null once it runs. Attached: returns the attachment,
   * whose {@code run} ends after the process's output and exit code are in.
   */
  public Attachment start(String execId, boolean detach) {
    Instance x = get(execId);
    ExecProcess p;
    synchronized (x) {
      if (x.exitCode != null) {
        throw BerthException.conflict("Error: Exec command " + execId + " has already run");
      }
      if (x.process != null) {
        throw BerthException.conflict("Error: Exec command " + execId + " is already running");
      }
      Container c = store.get(x.containerId);
      Task task = tasks.get(c.id()).orElseThrow(() ->
          BerthException.conflict("Container " + c.id() + " is not running"));
      try {
        String process = new String(spec.execProcess(c, x.config), StandardCharsets.UTF_8);
        p = task.exec(new ExecRequest(execId, process, x.config.tty(), x.config.attachStdin()));
      } catch (BerthException e) {
        // as moby's ContainerExecStart: a process that could not be started (no such user,
        // binary or directory) exited 126
        x.exitCode = CANNOT_START;
        publish(x.containerId, "exec_die", execId);
        throw e;
      }
      x.process = p;
    }
    if (x.config.consoleSize() != null && x.config.consoleSize().size() == 2 && x.config.tty()) {
      p.resize(x.config.consoleSize().get(0), x.config.consoleSize().get(1));
    }
    CompletableFuture<ExitStatus> exit = p.exit().whenComplete((s, e) -> {
      synchronized (x) {
        x.exitCode = s != null ? s.code() : CANNOT_START;
      }
      publish(x.containerId, "exec_die", execId);
    });
    publish(x.containerId, "exec_start: " + String.join(" ", x.config.cmd()), execId);
    if (detach) {
      drain(execId, p.attach());
      return null;
    }
    return new Attachment(CompletableFuture.completedFuture(p.attach()), x.config.tty(),
        x.config.attachStdin(), x.config.attachStdout(), x.config.attachStderr(), true,
        () -> { }, () -> exit.completeOnTimeout(null, 10, TimeUnit.SECONDS).join())
        .detachKeys(x.config.detachKeys());
  }

  /**
   * A detached exec's output goes nowhere, as with dockerd; but the monitor writes it to its
   * attach socket with blocking writes, so it is read and dropped until the process ends, and
   * then the connection is closed (it was one open fd per detached exec).
   */
  private static void drain(String execId, AttachStream out) {
    Thread.ofVirtual().name("exec-drain-" + execId.substring(0, 12)).start(() -> {
      try (out) {
        while (out.read() != null) {
          // dropped
        }
      } catch (IOException e) {
        // the monitor went away: nothing more to drop
      }
    });
  }

  public ExecView inspect(String execId) {
    Instance x = get(execId);
    synchronized (x) {
      boolean running = x.process != null && x.exitCode == null;
      // the pid stays after the exit, as dockerd shows it
      return new ExecView(x.id, x.containerId, x.config, running, x.exitCode,
          x.process != null ? x.process.pid() : 0);
    }
  }

  public void resize(String execId, int height, int width) {
    Instance x = get(execId);
    synchronized (x) {
      if (x.process == null) {
        throw BerthException.conflict("exec " + execId + " is not running");
      }
      x.process.resize(height, width);
    }
  }

  /**
   * The container's execs that have not exited ({@code ExecIDs} in inspect); finished ones stay
   * inspectable by id until the container is removed, as with dockerd.
   */
  List<String> idsOf(String containerId) {
    return instances.values().stream().filter(i -> i.containerId.equals(containerId))
        .filter(i -> {
          synchronized (i) {
            return i.exitCode == null;
          }
        })
        .map(i -> i.id).sorted().toList();
  }

  /** Drops one finished instance (a health probe's). */
  void forgetExec(String execId) {
    instances.remove(execId);
  }

  void forget(String containerId) {
    instances.values().removeIf(i -> i.containerId.equals(containerId));
  }

  private Instance get(String execId) {
    Instance x = instances.get(execId);
    if (x == null) {
      throw BerthException.notFound("No such exec instance: " + execId);
    }
    return x;
  }

  private void publish(String containerId, String action, String execId) {
    store.find(containerId).ifPresent(c ->
        events.publish(ContainerEvent.of(c, action, Map.of("execID", execId))));
  }
}
