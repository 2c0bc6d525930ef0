package io.berth.runtime.conmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.common.BerthException;
import io.berth.common.StdStream;
import io.berth.runtime.AttachStream;
import io.berth.runtime.CreateRequest;
import io.berth.runtime.ExecProcess;
import io.berth.runtime.ExecRequest;
import io.berth.runtime.ExitStatus;
import io.berth.runtime.Task;
import io.berth.runtime.TaskStatus;
import io.berth.sys.LinuxSyscalls;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 3: real conmon 2.1.6 and runc on a busybox bundle; root only. */
class ConmonRuntimeTest {
  static final Path RUNC = Path.of("/usr/sbin/runc");
  static final Path CONMON = Path.of("/usr/bin/conmon");

  @TempDir Path tmp;
  final String cgroupParent = "berth-test-" + Integer.toHexString(
      ThreadLocalRandom.current().nextInt(1 << 24));
  final List<String> ids = new ArrayList<>();
  ConmonRuntime runtime;

  @BeforeEach
  void setUp() {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    for (Path p : List.of(RUNC, CONMON, Path.of("/bin/busybox"))) {
      assumeTrue(Files.isExecutable(p), "needs " + p);
    }
    runtime = newRuntime();
  }

  ConmonRuntime newRuntime() {
    return new ConmonRuntime(tmp.resolve("exec"), CONMON,
        Map.of("runc", RuntimeBinary.of(RUNC.toString())), tmp.resolve("oci"), new LinuxSyscalls());
  }

  @AfterEach
  void tearDown() {
    if (runtime == null) {
      return;
    }
    for (String id : ids) {
      runtime.load(id).ifPresent(t -> {
        try {
          t.kill(9, true);
        } catch (BerthException e) {
          // not running
        }
        t.delete();
      });
    }
    new CgroupDirs(Path.of("/sys/fs/cgroup")).remove("/" + cgroupParent + "/x");
  }

  Task create(boolean stdin, String... args) throws Exception {
    return create(stdin, true, args);
  }

  Task create(boolean stdin, boolean pidNs, String... args) throws Exception {
    String id = "t" + ids.size() + Long.toHexString(System.nanoTime());
    ids.add(id);
    Path bundle = TestBundle.create(tmp, cgroupParent, id, pidNs, args);
    return runtime.create(new CreateRequest(id, bundle, "runc", false, stdin, true,
        tmp.resolve(id + ".log")));
  }

  static ExitStatus await(Task t) throws Exception {
    return t.exit().get(20, TimeUnit.SECONDS);
  }

  @Test
  void echoesToTheLogAndReportsTheExitCode() throws Exception {
    Task t = create(false, "sh", "-c", "echo out; echo err >&2; exit 7");
    t.start();
    assertThat(await(t).code()).isEqualTo(7);
    List<String> log = Files.readAllLines(tmp.resolve(t.id() + ".log"));
    assertThat(log).hasSize(2);
    assertThat(log).anyMatch(l -> l.matches("\\S+ stdout F out"));
    assertThat(log).anyMatch(l -> l.matches("\\S+ stderr F err"));

    Task ok = create(false, "true");
    ok.start();
    assertThat(await(ok).code()).isZero();
    assertThat(await(ok).oomKilled()).isFalse();
  }

  @Test
  void aProcessKilledBySigkillExitsWith137() throws Exception {
    // without a pid namespace sh is not an init, so it can SIGKILL itself
    Task t = create(false, false, "sh", "-c", "kill -9 $$");
    t.start();
    assertThat(await(t).code()).isEqualTo(137);
  }

  @Test
  void statusAndPidFollowTheLifecycle() throws Exception {
    Task t = create(false, "sleep", "100");
    assertThat(t.status()).isEqualTo(TaskStatus.CREATED);
    int pid = t.pid();
    assertThat(pid).isPositive();
    t.start();
    assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
    t.pause();
    assertThat(t.status()).isEqualTo(TaskStatus.PAUSED);
    t.resume();
    assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
    t.kill(9, false);
    assertThat(await(t).code()).isEqualTo(137);
    assertThat(t.status()).isEqualTo(TaskStatus.STOPPED);
    assertThat(t.pid()).isZero();
    assertThatThrownBy(t::start).isInstanceOf(BerthException.Conflict.class);
  }

  @Test
  void sigtermReachesATrappingInit() throws Exception {
    Task t = create(false, "sh", "-c", "trap 'exit 143' TERM; while true; do sleep 0.1; done");
    t.start();
    Thread.sleep(300);
    t.kill(15, false);
    assertThat(await(t).code()).isEqualTo(143);
  }

  @Test
  void stdinGoesThroughTheAttachSocketAndClosingItEndsCat() throws Exception {
    Task t = create(true, "cat");
    try (AttachStream a = t.attach()) {
      t.start();
      a.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
      AttachStream.Frame f = a.read();
      assertThat(f.stream()).isEqualTo(StdStream.STDOUT);
      assertThat(new String(f.data(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
      a.stdin().close();
      assertThat(await(t).code()).isZero();
      assertThat(a.read()).isNull();
    }
  }

  @Test
  void attachSeparatesStdoutFromStderr() throws Exception {
    Task t = create(false, "sh", "-c", "echo o; sleep 0.1; echo e >&2");
    try (AttachStream a = t.attach()) {
      t.start();
      assertThat(collect(a)).containsExactly("STDOUT:o\n", "STDERR:e\n");
    }
    assertThat(await(t).code()).isZero();
  }

  @Test
  void attachedReadersDoNotPinTheVirtualThreadCarriers() throws Exception {
    Task t = create(false, "sleep", "100");
    t.start();
    int readers = Runtime.getRuntime().availableProcessors() + 1;
    List<AttachStream> streams = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int i = 0; i < readers; i++) {
        AttachStream a = t.attach();
        streams.add(a);
        threads.add(Thread.ofVirtual().start(() -> {
          try {
            a.read(); // the container prints nothing: this waits
          } catch (Exception e) {
            // closed below
          }
        }));
      }
      Thread.sleep(300);
      // More readers than carriers wait in read(); another virtual thread still gets to run.
      var ran = new java.util.concurrent.CountDownLatch(1);
      Thread.ofVirtual().start(ran::countDown);
      assertThat(ran.await(5, TimeUnit.SECONDS)).as("a virtual thread ran").isTrue();
    } finally {
      for (AttachStream a : streams) {
        a.close();
      }
      for (Thread th : threads) {
        th.join(5000);
      }
    }
    assertThat(threads).allMatch(th -> !th.isAlive());
  }

  static List<String> collect(AttachStream a) throws Exception {
    List<String> frames = new ArrayList<>();
    for (AttachStream.Frame f; (f = a.read()) != null; ) {
      frames.add(f.stream() + ":" + new String(f.data(), StandardCharsets.UTF_8));
    }
    return frames;
  }

  @Test
  void execRunsInTheContainerWithItsOwnOutputAndExitCode() throws Exception {
    Task t = create(false, "sleep", "100");
    t.start();
    ExecProcess hi = t.exec(new ExecRequest("e1", TestBundle.process("echo", "hi"), false, false));
    assertThat(hi.pid()).isPositive();
    try (AttachStream a = hi.attach()) {
      assertThat(collect(a)).containsExactly("STDOUT:hi\n");
    }
    assertThat(hi.exit().get(20, TimeUnit.SECONDS).code()).isZero();
    ExecProcess five = t.exec(new ExecRequest("e2",
        TestBundle.process("sh", "-c", "echo x >&2; exit 5"), false, false));
    try (AttachStream a = five.attach()) {
      assertThat(collect(a)).containsExactly("STDERR:x\n");
    }
    assertThat(five.exit().get(20, TimeUnit.SECONDS).code()).isEqualTo(5);
  }

  @Test
  void execWithStdin() throws Exception {
    Task t = create(false, "sleep", "100");
    t.start();
    ExecProcess cat = t.exec(new ExecRequest("e1", TestBundle.process("cat"), false, true));
    try (AttachStream a = cat.attach()) {
      a.stdin().write("abc".getBytes(StandardCharsets.UTF_8));
      a.stdin().close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (AttachStream.Frame f; (f = a.read()) != null; ) {
        out.write(f.data());
      }
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
    }
    assertThat(cat.exit().get(20, TimeUnit.SECONDS).code()).isZero();
  }

  @Test
  void aMissingEntrypointFailsCreateWithTheRuntimesWordsAndLeavesNothing() throws Exception {
    assertThatThrownBy(() -> create(false, "/nope"))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("exec: \"/nope\": stat /nope: no such file or directory");
    String id = ids.getLast();
    assertThat(tmp.resolve("exec/runtime").resolve(id)).doesNotExist();
    assertThat(tmp.resolve("oci/runc").resolve(id)).doesNotExist();
    assertThat(runtime.list()).doesNotContain(id);
    assertThat(Path.of("/sys/fs/cgroup/memory", cgroupParent, id)).doesNotExist();
    assertThat(Path.of("/sys/fs/cgroup/memory", cgroupParent)).doesNotExist();
    assertThat(ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(id))
            .orElse(false)))
        .isEmpty();
  }

  @Test
  void aNewRuntimeInstanceReadoptsARunningTaskAndSeesItsExit() throws Exception {
    Task t = create(false, "sh", "-c", "sleep 1; exit 4");
    t.start();
    ConmonRuntime restarted = newRuntime();
    assertThat(restarted.list()).contains(t.id());
    Task again = restarted.load(t.id()).orElseThrow();
    assertThat(again.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(again.pid()).isEqualTo(t.pid());
    assertThat(await(again).code()).isEqualTo(4);
    again.delete();
    assertThat(restarted.load(t.id())).isEmpty();
    assertThat(Path.of("/sys/fs/cgroup/memory", cgroupParent, t.id())).doesNotExist();
  }
}
