package io.berth.runtime.conmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.common.Messages;
import io.berth.common.Phases;
import io.berth.sys.Spawn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts conmon and reads what it reports on its sync pipe: the container (or exec) pid, or
 * the runtime's error text. conmon daemonizes and points its own stdio at /dev/null, so the
 * sync pipe ({@code _OCI_SYNCPIPE}) is the only error channel once it runs.
 *
 * <p>conmon takes its pipes as fd numbers in the environment, and the JDK closes every fd above
 * 2 in its children, so conmon is started by {@link Spawn} ({@code posix_spawn(3)}): the sync
 * pipe at fd 3, for an exec the start pipe at 4 (and 0) and the attach pipe at 5 (and 2), for a
 * container its stderr on a pipe of its own (conmon's errors before it daemonizes), the rest of
 * its stdio on {@code /dev/null}. Until ADR 0147 a {@code /bin/sh} re-pointed the JDK's three
 * stdio pipes at those fds and then lingered as a {@code sleep}, since the JDK closes a child's
 * pipes when it sees the child exit; berthd now owns its ends of the pipes, and conmon's first
 * process, which exits as soon as it has forked the monitor, is reaped by {@link Spawn.Child#reap}.
 *
 * <p>For an exec with {@code --exec-attach}, conmon (2.1.6, {@code src/conmon.c}) first blocks
 * on the start pipe, then reports on the attach pipe that its attach socket listens, then waits
 * for a second start message before it runs {@code runtime exec}: that window lets the caller
 * connect before the process writes anything.
 */
final class ConmonLauncher {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConmonLauncher() {}

  /** conmon refused to start the process; the message is the runtime's text when it had one. */
  static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  /** Launches conmon for a container; returns the container pid once the runtime created it. */
  static int create(List<String> argv, Path cwd, Path conmonPidFile, Duration timeout)
      throws Failure {
    long t0 = System.nanoTime();
    Spawn.Child p = start(argv, cwd, Map.of("_OCI_SYNCPIPE", "3"),
        List.of(Spawn.Pipe.fromChild(3), Spawn.Pipe.fromChild(2)));
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<String> stderr = drain(p.reader(1));
    try (BufferedReader sync = reader(p.reader(0))) {
      int pid = pid(await(p, conmonPidFile, deadline, () -> message(sync, null)), stderr);
      Phases.process(List.of("conmon", "(runtime create, pid reported)"), t0);
      return pid;
    } catch (IOException e) {
      throw new Failure("read conmon sync pipe: " + Messages.of(e));
    } finally {
      reap(p);
    }
  }

  /** Launches conmon for an exec; {@code attach} runs once its attach socket listens. */
  static int exec(List<String> argv, Path cwd, Path conmonPidFile, Duration timeout,
      Runnable attach) throws Failure {
    Spawn.Child p = start(argv, cwd,
        Map.of("_OCI_SYNCPIPE", "3", "_OCI_STARTPIPE", "4", "_OCI_ATTACHPIPE", "5"),
        List.of(Spawn.Pipe.fromChild(3), Spawn.Pipe.toChild(4, 0), Spawn.Pipe.fromChild(5, 2)));
    long deadline = System.nanoTime() + timeout.toNanos();
    StringBuilder diag = new StringBuilder();
    try (BufferedReader sync = reader(p.reader(0));
        BufferedReader attachPipe = reader(p.reader(2));
        OutputStream startPipe = p.writer(1)) {
      startPipe.write('0');
      startPipe.flush();
      JsonNode ready = await(p, conmonPidFile, deadline, () -> message(attachPipe, diag));
      if (ready == null) {
        throw new Failure("conmon failed before attach: " + diag.toString().strip());
      }
      attach.run();
      startPipe.write('0');
      startPipe.flush();
      return pid(await(p, conmonPidFile, deadline, () -> message(sync, null)),
          CompletableFuture.completedFuture(diag.toString()));
    } catch (IOException e) {
      throw new Failure("talk to conmon: " + Messages.of(e));
    } finally {
      reap(p);
    }
  }

  /** conmon with berthd's environment plus {@code pipeVars}; its stdio /dev/null where no pipe is. */
  private static Spawn.Child start(List<String> argv, Path cwd, Map<String, String> pipeVars,
      List<Spawn.Pipe> pipes) throws Failure {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(pipeVars);
    try {
      return Spawn.start(argv, cwd, env, pipes);
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new Failure("start conmon: " + Messages.of(e));
    }
  }

  private static int pid(JsonNode msg, CompletableFuture<String> stderr)
      throws Failure {
    if (msg == null) {
      String err = stderr.completeOnTimeout("", 1, TimeUnit.SECONDS).join().strip();
      throw new Failure("conmon exited without a pid"
          + (err.isEmpty() ? "" : ": " + err));
    }
    int data = msg.path("data").asInt(-1);
    if (data <= 0) {
      String text = msg.path("message").asText("");
      throw new Failure(text.isBlank() ? "runtime failed (" + data + ")"
          : RuntimeCli.message(text));
    }
    return data;
  }

  /** The next JSON line; other lines (conmon's own log output) go to {@code diag}. */
  private static JsonNode message(BufferedReader in, StringBuilder diag) throws IOException {
    for (String line; (line = in.readLine()) != null; ) {
      if (line.startsWith("{")) {
        return JSON.readTree(line);
      }
      if (diag != null) {
        diag.append(line).append('\n');
      }
    }
    return null;
  }

  private interface Read {
    JsonNode get() throws IOException;
  }

  private static JsonNode await(Spawn.Child p, Path conmonPidFile, long deadline, Read read) throws Failure {
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        f.complete(read.get());
      } catch (IOException | RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // kill the monitor: its end of the pipes closes, so our blocked reads end too
      p.kill();
      Pids.kill(Pids.read(conmonPidFile));
      throw new Failure("conmon did not report in time");
    } catch (ExecutionException e) {
      throw new Failure("read from conmon: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted waiting for conmon");
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (in) {
        f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        f.complete("");
      }
    });
    return f;
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** conmon's first process exits as soon as it has forked the monitor; reap it, close our ends. */
  private static void reap(Spawn.Child p) {
    p.reap(5_000);
    p.close();
  }
}
