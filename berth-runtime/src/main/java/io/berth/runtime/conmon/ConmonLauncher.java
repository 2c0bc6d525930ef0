package io.berth.runtime.conmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.common.Messages;
import io.berth.common.Phases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts conmon and reads what it reports on its sync pipe: the container (or exec) pid, or
 * the runtime's error text. conmon daemonizes and points its own stdio at /dev/null, so the
 * sync pipe ({@code _OCI_SYNCPIPE}) is the only error channel once it runs.
 *
 * <p>Why {@code /bin/sh}: conmon takes its pipes as fd numbers in the environment, but the JDK
 * closes every fd above 2 in a child. The shell re-points the JDK's own stdio pipes at fds 3-5
 * ({@code 3>&1 4<&0 5>&2}) and runs conmon, so the pipes are the JDK's to read. The shell then
 * stays (as a bounded {@code sleep} with its stdio closed) until we are done: when the JDK sees
 * its child exit it drains and closes the child's pipes, and conmon's first process exits at
 * once, long before the daemonized monitor writes to the sync pipe.
 *
 * <p>For an exec with {@code --exec-attach}, conmon (2.1.6, {@code src/conmon.c}) first blocks
 * on the start pipe, then reports on the attach pipe that its attach socket listens, then waits
 * for a second start message before it runs {@code runtime exec}: that window lets the caller
 * connect before the process writes anything.
 */
final class ConmonLauncher {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Bounded, so that a crashed berthd leaves no process behind for long. */
  private static final String LINGER = "exec sleep 120 <&- >&- 2>&-";

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
    Process p = start(argv, cwd, "\"$0\" \"$@\" 3>&1 >/dev/null </dev/null; " + LINGER, false);
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<String> stderr = drain(p.getErrorStream());
    try (BufferedReader sync = reader(p.getInputStream())) {
      int pid = pid(await(p, conmonPidFile, deadline, () -> message(sync, null)), p, stderr);
      Phases.process(List.of("sh", "conmon", "(runtime create, pid reported)"), t0);
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
    Process p = start(argv, cwd, "\"$0\" \"$@\" 3>&1 4<&0 5>&2 >/dev/null; " + LINGER, true);
    long deadline = System.nanoTime() + timeout.toNanos();
    StringBuilder diag = new StringBuilder();
    try (BufferedReader sync = reader(p.getInputStream());
        BufferedReader attachPipe = reader(p.getErrorStream());
        OutputStream startPipe = p.getOutputStream()) {
      startPipe.write('0');
      startPipe.flush();
      JsonNode ready = await(p, conmonPidFile, deadline, () -> message(attachPipe, diag));
      if (ready == null) {
        throw new Failure("conmon failed before attach: " + diag.toString().strip());
      }
      attach.run();
      startPipe.write('0');
      startPipe.flush();
      return pid(await(p, conmonPidFile, deadline, () -> message(sync, null)), p,
          CompletableFuture.completedFuture(diag.toString()));
    } catch (IOException e) {
      throw new Failure("talk to conmon: " + Messages.of(e));
    } finally {
      reap(p);
    }
  }

  private static Process start(List<String> argv, Path cwd, String script, boolean execAttach)
      throws Failure {
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", script));
    cmd.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().put("_OCI_SYNCPIPE", "3");
    if (execAttach) {
      pb.environment().put("_OCI_STARTPIPE", "4");
      pb.environment().put("_OCI_ATTACHPIPE", "5");
    } else {
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    try {
      return pb.start();
    } catch (IOException e) {
      throw new Failure("start conmon: " + Messages.of(e));
    }
  }

  private static int pid(JsonNode msg, Process p, CompletableFuture<String> stderr)
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

  private static JsonNode await(Process p, Path conmonPidFile, long deadline, Read read) throws Failure {
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
      p.destroyForcibly();
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

  /** conmon's first process exits as soon as it has forked the monitor; reap it. */
  private static void reap(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
