package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: {@code docker exec} and attached stdin as Docker 20.10 behaves (checked against the
 * reference dockerd): exit codes, framing, the exit code ready when the output ends, and no
 * leaks from detached execs.
 */
class ExecE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    daemon = Berthd.start(dir.resolve("d"));
    Images.loadBusybox(daemon, dir);
    assertThat(docker("run", "-d", "--name", "box", "busybox", "sleep", "600").code()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      docker("rm", "-f", "box");
      daemon.close();
    }
  }

  private static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  private static Cmd.Result python(String... lines) throws Exception {
    Cmd.Result probe = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", "import docker"));
    assumeTrue(probe.code() == 0, "docker-py (python3-docker) is not installed");
    String script = "import docker\nc = docker.APIClient(base_url='" + daemon.host() + "')\n"
        + String.join("\n", lines);
    return Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", script));
  }

  /** dockerd: 126 whatever the cause, the runtime's error on the stream, ExitCode in inspect. */
  @Test
  void anExecThatCannotStartExits126() throws Exception {
    Cmd.Result missing = docker("exec", "box", "/nope");
    assertThat(missing.code()).as(missing.all()).isEqualTo(126);
    assertThat(missing.all()).contains("OCI runtime exec failed", "/nope",
        "no such file or directory");
    Cmd.Result notOnPath = docker("exec", "box", "nope");
    assertThat(notOnPath.code()).isEqualTo(126);
    assertThat(notOnPath.all()).contains("executable file not found in $PATH");
    Cmd.Result noUser = docker("exec", "-u", "nosuch", "box", "id");
    assertThat(noUser.code()).isEqualTo(126);
    assertThat(noUser.all()).contains("unable to find user nosuch: no matching entries in passwd"
        + " file");
    Cmd.Result noDir = docker("exec", "-w", "/nonexist", "box", "pwd");
    assertThat(noDir.code()).isEqualTo(126);
    assertThat(noDir.all()).contains("chdir to cwd (\"/nonexist\")");
    Cmd.Result r = python(
        "e = c.exec_create('box', ['/nope'])",
        "out = c.exec_start(e['Id'], demux=True)",
        "i = c.exec_inspect(e['Id'])",
        "print(i['Running'], i['ExitCode'], b'no such file' in out[0])");
    assertThat(r.out()).as(r.all()).isEqualTo("False 126 True\n");
  }

  /**
   * script(1) with stdin at EOF types into the CLI's terminal: the exec then ended with client
   * input unread, which reset the attach (ECONNRESET) before the exit code was in, or reset the
   * CLI's connection.
   */
  @Test
  void exitCodeComesThroughATerminal() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
    for (int i = 0; i < 15; i++) {
      Cmd.Result r = Cmd.run(Map.of(), new File("/dev/null"), List.of("/usr/bin/script", "-qec",
          Cmd.dockerBinary() + " -H " + daemon.host() + " exec -it box sh -c 'exit 3'",
          "/dev/null"));
      assertThat(r.code()).as(r.all()).isEqualTo(3);
    }
  }

  /**
   * moby frames by the start request's Tty, not the exec's: docker-py starts a tty exec with
   * Tty false unless told, and demultiplexes.
   */
  @Test
  void theStartRequestsTtyDecidesTheFraming() throws Exception {
    Cmd.Result r = python(
        "cmd = 'sh -c \"echo hello out; sleep 0.5; echo hello err >&2\"'",
        "e = c.exec_create('box', cmd, tty=True)",
        "print(c.exec_start(e['Id'], demux=True))",
        "e = c.exec_create('box', ['printf', 'raw'], tty=True)",
        "print(c.exec_start(e['Id'], tty=True))",
        "e = c.exec_create('box', ['printf', 'framed'], tty=False)",
        "s = c.exec_start(e['Id'], tty=True, socket=True)._sock",
        "data = b''",
        "while True:",
        "    b = s.recv(4096)",
        "    if not b: break",
        "    data += b",
        "print(data)");
    assertThat(r.out()).as(r.all())
        .isEqualTo("(b'hello out\\r\\nhello err\\r\\n', None)\nb'raw'\nb'framed'\n");
  }

  /**
   * docker-java keeps stdin open and reads the exit code as soon as the output ends;
   * Testcontainers' execInContainer depends on it.
   */
  @Test
  void theExitCodeIsInWhenTheOutputEndsWithStdinStillOpen() throws Exception {
    Cmd.Result r = python(
        "bad = []",
        "for i in range(40):",
        "    e = c.exec_create('box', ['sh', '-c', 'echo hi; exit 3'], stdin=True)",
        "    s = c.exec_start(e['Id'], socket=True)._sock",
        "    while s.recv(4096):",
        "        pass",
        "    x = c.exec_inspect(e['Id'])",
        "    if x['Running'] or x['ExitCode'] != 3:",
        "        bad.append((x['Running'], x['ExitCode']))",
        "    s.close()",
        "print(bad)");
    assertThat(r.out()).as(r.all()).isEqualTo("[]\n");
  }

  /**
   * docker-py sends {@code detachKeys} (its config file's key, lower case) and dockerd matches
   * JSON names case-insensitively; after the keys dockerd 20.10 says why the stream ended.
   */
  @Test
  void detachKeysFromDockerPysConfigDetachAnExec() throws Exception {
    Cmd.Result r = python(
        "c._general_configs['detachKeys'] = 'ctrl-p'",
        "e = c.exec_create('box', 'cat', stdin=True, tty=True, stdout=True)",
        "s = c.exec_start(e['Id'], tty=True, socket=True)._sock",
        "s.settimeout(15)",
        "s.sendall(b'\\x10')",
        "data = b''",
        "while True:",
        "    b = s.recv(4096)",
        "    if not b: break",
        "    data += b",
        "print(data)",
        "print(c.exec_inspect(e['Id'])['Running'])");
    assertThat(r.out()).as(r.all()).isEqualTo(
        "b'exec attach failed: error on attach stdin: read escape sequence\\r\\n'\nTrue\n");
  }

  /**
   * attach with logs=1&stream=0 through docker-py, which reads the 101 head through a buffered
   * reader: the log sent together with the head was lost (empty output most of the time).
   */
  @Test
  void attachWithLogsAndNoStreamReturnsWhatTheContainerPrinted() throws Exception {
    Cmd.Result r = python(
        "bad = []",
        "for i in range(8):",
        "    ct = c.create_container('busybox', 'echo hello')",
        "    c.start(ct)",
        "    if i % 2:",
        "        c.wait(ct)",
        "    out = c.attach(ct, stream=False, logs=True)",
        "    if out != b'hello\\n':",
        "        bad.append(out)",
        "    c.remove_container(ct, force=True)",
        "print(bad)");
    assertThat(r.out()).as(r.all()).isEqualTo("[]\n");
  }

  /** Piped stdin is not scanned for the detach keys (only a terminal's is, as in moby). */
  @Test
  void binaryStdinComesBackIntact() throws Exception {
    byte[] data = new byte[300_000];
    new Random(12).nextBytes(data);
    Path in = Files.write(dir.resolve("random.bin"), data);
    Path out = dir.resolve("random.out");
    ProcessBuilder pb = new ProcessBuilder(Cmd.dockerBinary(), "-H", daemon.host(), "run", "-i",
        "--rm", "busybox", "cat").redirectInput(in.toFile()).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(data);
  }

  /**
   * Detached execs leaked one attach connection each; finished execs leave ExecIDs (as in
   * dockerd, which lists running ones only), and go with their container.
   */
  @Test
  void detachedExecsLeaveNothingBehind() throws Exception {
    assertThat(docker("run", "-d", "--name", "execs", "busybox", "sleep", "600").code()).isZero();
    try {
      for (int i = 0; i < 3; i++) { // warm up: classes, thread pools, first connections
        docker("exec", "-d", "execs", "true");
      }
      awaitNoExecs("execs");
      int before = openFds();
      for (int i = 0; i < 30; i++) {
        Cmd.Result r = docker("exec", "-d", "execs", "sh", "-c", "echo out; echo err >&2");
        assertThat(r.code()).as(r.all()).isZero();
      }
      Cmd.Result ids = python(
          "e = c.exec_create('execs', 'true')",
          "c.exec_start(e['Id'], detach=True)",
          "print(e['Id'])");
      String last = ids.out().trim();
      awaitNoExecs("execs");
      assertThat(openFds()).isLessThanOrEqualTo(before + 5); // the leak was one per exec (30)
      Cmd.Result kept = python("print(c.exec_inspect('" + last + "')['ExitCode'])");
      assertThat(kept.out()).as(kept.all()).isEqualTo("0\n");
      assertThat(docker("rm", "-f", "execs").code()).isZero();
      Cmd.Result gone = python("try:", "    c.exec_inspect('" + last + "')",
          "except docker.errors.NotFound as e:", "    print('gone')");
      assertThat(gone.out()).as(gone.all()).isEqualTo("gone\n");
      assertThat(openFds()).isLessThanOrEqualTo(before + 5); // the leak was one per exec (30)
    } finally {
      docker("rm", "-f", "execs");
    }
  }

  /**
   * An exec that ends while berthd is down leaves its monitor's directory; the restarted
   * berthd, which no longer knows the exec, removes it when it adopts the container.
   */
  @Test
  void execsThatEndedWhileBerthdWasDownLeaveNoDirectory() throws Exception {
    Path d2 = dir.resolve("restart");
    Berthd first = Berthd.start(d2);
    Berthd second = null;
    try {
      assertThat(Cmd.docker(first, "load", "-i", dir.resolve("busybox.tar").toString()).code())
          .isZero();
      String id = Cmd.docker(first, "run", "-d", "--name", "adopted", "busybox", "sleep", "600")
          .out().trim();
      assertThat(Cmd.docker(first, "exec", "-d", "adopted", "sleep", "2").code()).isZero();
      Path execs = first.execRoot.resolve("runtime").resolve(id).resolve("exec");
      assertThat(list(execs)).hasSize(1);
      first.close();
      Thread.sleep(3000); // the exec ends meanwhile
      second = Berthd.start(d2);
      assertThat(Cmd.docker(second, "ps", "--format", "{{.Names}}").out()).contains("adopted");
      assertThat(list(execs)).isEmpty();
    } finally {
      Berthd last = second != null ? second : Berthd.start(d2);
      Cmd.docker(last, "rm", "-f", "adopted");
      last.close();
    }
  }

  private static List<Path> list(Path p) throws Exception {
    if (!Files.exists(p)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.toList();
    }
  }

  private static void awaitNoExecs(String name) throws Exception {
    String ids = "";
    for (int i = 0; i < 100; i++) {
      ids = docker("inspect", "-f", "{{len .ExecIDs}}", name).out().trim();
      if (ids.equals("0")) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(ids).as("running execs of " + name).isEqualTo("0");
  }

  private static int openFds() throws Exception {
    Thread.sleep(300); // connections of the last request close
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(daemon.process.pid()), "fd"))) {
      return (int) s.count();
    }
  }
}
