package io.berth.testkit;

import io.berth.common.BerthException;
import io.berth.common.StdStream;
import io.berth.runtime.AttachStream;
import io.berth.runtime.CreateRequest;
import io.berth.runtime.ExecProcess;
import io.berth.runtime.ExecRequest;
import io.berth.runtime.ExitStatus;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.Task;
import io.berth.runtime.TaskStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * An OCI runtime whose tasks run in memory; it passes the runtime contract
 * ({@code FakeRuntimeContractTest}). What a task does is a {@link Script}: output frames
 * printed at start (to every attach stream and to the {@link Log}), then an exit code, or
 * running until killed (exit 128+signal; {@code ignoreSignals} ignores all but SIGKILL), or
 * {@code cat}: echoing stdin until its EOF.
 */
public final class FakeRuntime implements OciRuntime {
  /** What a process does. {@code exitCode} null: runs until killed. */
  public record Script(List<AttachStream.Frame> output, Integer exitCode, boolean cat,
      boolean ignoreSignals) {
    public static Script runForever() {
      return new Script(List.of(), null, false, false);
    }

    public static Script print(int exitCode, String stdout, String stderr) {
      List<AttachStream.Frame> out = new ArrayList<>();
      if (stdout != null) {
        out.add(new AttachStream.Frame(StdStream.STDOUT,
            stdout.getBytes(StandardCharsets.UTF_8)));
      }
      if (stderr != null) {
        out.add(new AttachStream.Frame(StdStream.STDERR,
            stderr.getBytes(StandardCharsets.UTF_8)));
      }
      return new Script(out, exitCode, false, false);
    }

    public static Script echo() {
      return new Script(List.of(), null, true, false);
    }
  }

  /**
   * Where a task's printed lines go, as conmon writes them to the container's log: the engine's
   * tests hand in their in-memory log source ({@code FakeLogs}).
   */
  @FunctionalInterface
  public interface Log {
    void append(Path log, StdStream stream, String line);
  }

  private final Log logs;
  public volatile Function<CreateRequest, Script> scripts = r -> Script.runForever();
  public volatile Function<ExecRequest, Script> execScripts = r -> Script.print(0, "exec\n", null);
  public volatile RuntimeException failCreate;
  public final Map<String, FakeTask> tasks = new ConcurrentHashMap<>();
  public final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
  /** A kill that finds the process already exited (0) and fails, as runc's does then. */
  public volatile boolean killRacesExit;

  public FakeRuntime(Log logs) {
    this.logs = logs;
  }

  @Override
  public Task create(CreateRequest request) {
    calls.add("create " + request.id());
    if (!Files.exists(request.bundle().resolve("config.json"))) {
      throw BerthException.invalid("no config.json in " + request.bundle());
    }
    RuntimeException f = failCreate;
    if (f != null) {
      throw f;
    }
    if (tasks.containsKey(request.id())) {
      throw BerthException.conflict("container " + request.id() + " already has a task");
    }
    FakeTask t = new FakeTask(request.id(), scripts.apply(request), request.logPath());
    tasks.put(request.id(), t);
    return t;
  }

  @Override
  public Optional<Task> load(String id) {
    return Optional.ofNullable(tasks.get(id));
  }

  @Override
  public List<String> list() {
    return List.copyOf(tasks.keySet());
  }

  /** A process with stdio: the task's init or an exec. */
  public class FakeProcess {
    final Script script;
    final Path logPath;
    final List<FakeAttach> attaches = new ArrayList<>();
    final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    volatile TaskStatus status = TaskStatus.CREATED;
    final List<Integer> signals = new ArrayList<>();
    /** A cat's stdin closed before the start: it ends once it runs, as a real pipe would. */
    boolean stdinClosedEarly;

    FakeProcess(Script script, Path logPath) {
      this.script = script;
      this.logPath = logPath;
    }

    synchronized AttachStream newAttach() {
      FakeAttach a = new FakeAttach(this);
      if (status == TaskStatus.STOPPED) {
        a.queue.add(Optional.empty());
      } else {
        attaches.add(a);
      }
      return a;
    }

    synchronized void run() {
      status = TaskStatus.RUNNING;
      script.output().forEach(this::print);
      if (script.exitCode() != null) {
        exitWith(script.exitCode());
      } else if (stdinClosedEarly) {
        exitWith(0);
      }
    }

    synchronized void stdinClosed() {
      if (status == TaskStatus.CREATED) {
        stdinClosedEarly = true;
      } else {
        exitWith(0);
      }
    }

    synchronized void print(AttachStream.Frame f) {
      attaches.forEach(a -> a.queue.add(Optional.of(f)));
      if (logPath != null) {
        String text = new String(f.data(), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
          logs.append(logPath, f.stream(), line);
        }
      }
    }

    public synchronized void exitWith(int code) {
      if (status == TaskStatus.STOPPED) {
        return;
      }
      status = TaskStatus.STOPPED;
      attaches.forEach(a -> a.queue.add(Optional.empty()));
      attaches.clear();
      exit.complete(new ExitStatus(code, Instant.now(), false));
    }

    synchronized void signal(int sig) {
      signals.add(sig);
      if (status != TaskStatus.RUNNING) {
        return;
      }
      if (sig == 9 || !script.ignoreSignals()) {
        exitWith(128 + sig);
      }
    }

    public synchronized List<Integer> signals() {
      return List.copyOf(signals);
    }
  }

  /** One attach connection to a fake process. */
  static final class FakeAttach implements AttachStream {
    final BlockingQueue<Optional<Frame>> queue = new LinkedBlockingQueue<>();
    final FakeProcess process;
    final OutputStream stdin;

    FakeAttach(FakeProcess p) {
      this.process = p;
      this.stdin = new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          if (process.script.cat()) {
            process.print(new Frame(StdStream.STDOUT, java.util.Arrays.copyOfRange(b, off,
                off + len)));
          }
        }

        @Override
        public void close() {
          if (process.script.cat()) {
            process.stdinClosed();
          }
        }
      };
    }

    @Override
    public Frame read() throws IOException {
      try {
        return queue.take().orElse(null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException();
      }
    }

    @Override
    public OutputStream stdin() {
      return stdin;
    }

    @Override
    public void close() {}
  }

  /** A container task. */
  public final class FakeTask extends FakeProcess implements Task {
    final String id;
    public volatile boolean deleted;
    public final List<String> resizes = new ArrayList<>();

    FakeTask(String id, Script script, Path logPath) {
      super(script, logPath);
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public int pid() {
      return status == TaskStatus.RUNNING ? (int) ProcessHandle.current().pid() : 0;
    }

    @Override
    public void start() {
      calls.add("start " + id);
      if (status != TaskStatus.CREATED) {
        throw BerthException.conflict("task " + id + " is " + status + ", not created");
      }
      run();
    }

    @Override
    public void kill(int signal, boolean all) {
      calls.add("kill " + id + " " + signal);
      if (killRacesExit) {
        exitWith(0);
        throw BerthException.internal("runc kill failed: container does not exist", null);
      }
      signal(signal);
    }

    @Override
    public void pause() {
      status = TaskStatus.PAUSED;
    }

    @Override
    public void resume() {
      status = TaskStatus.RUNNING;
    }

    @Override
    public TaskStatus status() {
      return status;
    }

    @Override
    public CompletableFuture<ExitStatus> exit() {
      return exit;
    }

    @Override
    public AttachStream attach() {
      return newAttach();
    }

    @Override
    public synchronized void resize(int height, int width) {
      resizes.add(height + "x" + width);
    }

    @Override
    public ExecProcess exec(ExecRequest request) {
      if (status != TaskStatus.RUNNING) {
        throw BerthException.conflict("task " + id + " is not running");
      }
      FakeExec e = new FakeExec(request.execId(), execScripts.apply(request));
      e.started = e.newAttach();
      Thread.ofVirtual().start(e::run);
      return e;
    }

    @Override
    public void delete() {
      calls.add("delete " + id);
      deleted = true;
      tasks.remove(id);
    }
  }

  /** An exec process: its first attach is taken at creation so no output is lost. */
  public final class FakeExec extends FakeProcess implements ExecProcess {
    final String execId;
    AttachStream started;

    FakeExec(String execId, Script script) {
      super(script, null);
      this.execId = execId;
    }

    @Override
    public String execId() {
      return execId;
    }

    @Override
    public int pid() {
      return 4242;
    }

    @Override
    public synchronized AttachStream attach() {
      AttachStream a = started != null ? started : newAttach();
      started = null;
      return a;
    }

    @Override
    public void resize(int height, int width) {}

    @Override
    public void kill(int signal) {
      signal(signal);
    }

    @Override
    public CompletableFuture<ExitStatus> exit() {
      return exit;
    }
  }
}
