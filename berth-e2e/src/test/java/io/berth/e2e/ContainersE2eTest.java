package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 4: `docker run` end to end through berthd, conmon and runc — the Containers issue. */
class ContainersE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    daemon = Berthd.start(dir.resolve("d"));
    Images.loadBusybox(daemon, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      Cmd.docker(daemon, "rm", "-f", "ticker", "victim", "changed", "live");
      daemon.close();
    }
  }

  private static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  @Test
  void runPrintsOutputAndExitsWithTheContainersCode() throws Exception {
    Cmd.Result hello = docker("run", "--rm", "busybox", "echo", "hello");
    assertThat(hello.code()).as(hello.all()).isZero();
    assertThat(hello.out()).isEqualTo("hello\n");
    assertThat(docker("run", "--rm", "busybox", "sh", "-c", "exit 3").code()).isEqualTo(3);
    assertThat(docker("run", "--rm", "busybox", "sh", "-c", "echo $$").out()).isEqualTo("1\n");
    Cmd.Result err = docker("run", "--rm", "busybox", "sh", "-c", "echo oops >&2");
    assertThat(err.err()).isEqualTo("oops\n");
    assertThat(err.out()).isEmpty();
  }

  /** crun 1.8 refuses hybrid cgroup hosts by itself; berth runs it with the v2 mount hidden. */
  @Test
  void crunRunsContainersToo() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/crun")), "crun is not installed");
    Cmd.Result r = docker("run", "--rm", "--runtime", "crun", "busybox", "sh", "-c",
        "echo crun-ok; exit 6");
    assertThat(r.code()).as(r.all()).isEqualTo(6);
    assertThat(r.out()).isEqualTo("crun-ok\n");
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain("berth-hide-cgroup2");
  }

  @Test
  void logsFollowWithTailStartsFromTheLastLines() throws Exception {
    assertThat(docker("run", "-d", "--name", "tailer", "busybox", "sh", "-c",
        "for i in 1 2 3 4 5; do echo $i; done; sleep 3; echo 6; sleep 30").code()).isZero();
    try {
      waitForLog("tailer", "1\n2\n3\n4\n5\n");
      assertThat(docker("logs", "--tail", "2", "tailer").out()).isEqualTo("4\n5\n");
      Cmd.Result f = Cmd.run(Map.of(), null, List.of("timeout", "8", Cmd.dockerBinary(), "-H",
          daemon.host(), "logs", "-f", "--tail", "2", "tailer"));
      assertThat(f.out()).isEqualTo("4\n5\n6\n");
    } finally {
      docker("rm", "-f", "tailer");
    }
  }

  @Test
  void stdinReachesTheContainer() throws Exception {
    Path in = Files.writeString(dir.resolve("stdin.txt"), "hi\n");
    Cmd.Result r = Cmd.run(Map.of(), in.toFile(),
        List.of(Cmd.dockerBinary(), "-H", daemon.host(), "run", "-i", "--rm", "busybox", "cat"));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).isEqualTo("hi\n");
  }

  @Test
  void ttyRunGivesAShell() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
    Cmd.Result r = Cmd.run(Map.of(), new File("/dev/null"), List.of("/usr/bin/script", "-qec",
        Cmd.dockerBinary() + " -H " + daemon.host() + " run -it --rm busybox sh -c 'tty && echo ok'",
        "/dev/null"));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("/dev/pts/0", "ok");
  }

  @Test
  void detachedContainerLogsExecStopStartRestartRemove() throws Exception {
    assertThat(docker("run", "-d", "--name", "ticker", "busybox", "sh", "-c",
        "while true; do echo tick; sleep 0.2; done").code()).isZero();
    waitForLog("ticker", "tick\ntick\n");
    assertThat(docker("ps", "--format", "{{.Names}} {{.Status}}").out()).contains("ticker Up");
    Cmd.Result ps = docker("exec", "ticker", "ps");
    assertThat(ps.code()).as(ps.all()).isZero();
    assertThat(ps.out()).contains("while true");
    assertThat(docker("exec", "ticker", "sh", "-c", "exit 5").code()).isEqualTo(5);
    assertThat(docker("stop", "-t", "1", "ticker").out().trim()).isEqualTo("ticker");
    assertThat(docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "ticker").out()
        .trim()).isEqualTo("exited 137");
    assertThat(docker("start", "ticker").code()).isZero();
    assertThat(docker("restart", "-t", "1", "ticker").code()).isZero();
    assertThat(docker("inspect", "-f", "{{.State.Running}}", "ticker").out().trim()).isEqualTo("true");
    assertThat(docker("rm", "-f", "ticker").code()).isZero();
    assertThat(docker("ps", "-aq", "--filter", "name=ticker").out()).isEmpty();
  }

  @Test
  void diffAndExportOfStoppedAndRunningContainers() throws Exception {
    Cmd.Result run = docker("run", "--name", "changed", "busybox", "sh", "-c",
        "touch /new; rm /etc/group; echo x >> /etc/passwd");
    assertThat(run.code()).as(run.all()).isZero();
    Cmd.Result diff = docker("diff", "changed");
    assertThat(diff.code()).as(diff.all()).isZero();
    assertThat(diff.out()).isEqualTo("C /etc\nD /etc/group\nC /etc/passwd\nA /new\n");
    assertThat(docker("diff", "nosuch").err()).contains("No such container: nosuch");

    Path stopped = dir.resolve("stopped.tar");
    Cmd.Result export = docker("export", "-o", stopped.toString(), "changed");
    assertThat(export.code()).as(export.all()).isZero();
    Map<String, TarArchiveEntry> names = tarEntries(stopped);
    assertThat(names).containsKeys("bin/busybox", "new", "etc/passwd").doesNotContainKey(
        "etc/group");
    assertThat(names.get("bin/sh").isSymbolicLink()).isTrue();
    assertThat(names.get("bin/busybox").getMode() & 0111).isNotZero();
    assertThat(list(daemon.execRoot.resolve("export"))).isEmpty(); // the scratch mount is gone

    assertThat(docker("run", "-d", "--name", "live", "busybox", "sh", "-c",
        "echo hi > /live; sleep 60").code()).isZero();
    waitForDiff("live", "A /live\n");
    Path running = dir.resolve("running.tar");
    assertThat(docker("export", "-o", running.toString(), "live").code()).isZero();
    assertThat(tarEntries(running)).containsKeys("bin/busybox", "live");
    assertThat(docker("rm", "-f", "live", "changed").code()).isZero();
  }

  private static Map<String, TarArchiveEntry> tarEntries(Path tar) throws Exception {
    Map<String, TarArchiveEntry> out = new java.util.LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), e);
      }
    }
    return out;
  }

  private static void waitForDiff(String name, String expected) throws Exception {
    String out = "";
    for (int i = 0; i < 100 && !out.equals(expected); i++) {
      Thread.sleep(100);
      out = docker("diff", name).out();
    }
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void containersSurviveABerthdCrashAndAreReadopted() throws Exception {
    Path d2 = dir.resolve("crash");
    Berthd first = Berthd.start(d2);
    Path tar = dir.resolve("busybox.tar");
    assertThat(Cmd.docker(first, "load", "-i", tar.toString()).code()).isZero();
    assertThat(Cmd.docker(first, "run", "-d", "--name", "victim", "busybox", "sh", "-c",
        "echo started; trap 'exit 7' TERM; while true; do sleep 0.1; done").code()).isZero();
    first.process.destroyForcibly().waitFor();
    try (Berthd second = Berthd.start(d2)) {
      assertThat(Cmd.docker(second, "ps", "--format", "{{.Names}}").out())
          .as(Files.readString(second.log) + describe(d2)).contains("victim");
      assertThat(Cmd.docker(second, "logs", "victim").out()).isEqualTo("started\n");
      Cmd.docker(second, "stop", "victim");
      assertThat(Cmd.docker(second, "inspect", "-f", "{{.State.ExitCode}}", "victim").out().trim())
          .isEqualTo("7");
      assertThat(Cmd.docker(second, "rm", "victim").code()).isZero();
    }
  }

  /**
   * docker-py reads the 101 head through a buffered reader, then the raw socket: output sent
   * together with the head was lost (exec started before the hijack).
   */
  @Test
  void dockerPyExecRunSeesOutputAndExitCode() throws Exception {
    Cmd.Result probe = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", "import docker"));
    assumeTrue(probe.code() == 0, "docker-py (python3-docker) is not installed");
    String script = String.join("\n",
        "import docker",
        "c = docker.DockerClient(base_url='" + daemon.host() + "')",
        "ct = c.containers.run('busybox', 'sleep 30', detach=True, name='pyexec')",
        "try:",
        "    for _ in range(3):",
        "        r = ct.exec_run(['sh', '-c', 'echo out; echo err >&2; exit 4'], demux=True)",
        "        print(r.exit_code, r.output[0], r.output[1])",
        "finally:",
        "    ct.remove(force=True)");
    Cmd.Result r = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", script));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).isEqualTo("4 b'out\\n' b'err\\n'\n".repeat(3));
  }

  @Test
  void failedCreateAndStartLeaveNothingBehind() throws Exception {
    Cmd.Result missing = docker("run", "--rm", "busybox", "/nope");
    assertThat(missing.code()).isEqualTo(127);
    Cmd.Result badUser = docker("run", "--rm", "-u", "nosuchuser", "busybox", "true");
    assertThat(badUser.code()).isEqualTo(125);
    assertThat(badUser.err()).contains("unable to find user nosuchuser");
    Cmd.Result noImage = docker("create", "nosuchimage:1");
    assertThat(noImage.code()).isNotZero();
    assertThat(docker("ps", "-aq").out()).isEmpty();
    assertThat(list(daemon.root.resolve("containers"))).isEmpty();
    assertThat(list(daemon.execRoot.resolve("containers"))).isEmpty();
    assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(daemon.dir.toString());
  }

  /** The state files of every container under a daemon dir, for failure messages. */
  private static String describe(Path daemonDir) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (Path c : list(daemonDir.resolve("root/containers"))) {
      Path cfg = c.resolve("config.v2.json");
      sb.append('\n').append(c.getFileName()).append(": ")
          .append(Files.exists(cfg) ? Files.readString(cfg) : "no config.v2.json");
    }
    return sb.toString();
  }

  private static List<Path> list(Path p) throws Exception {
    if (!Files.exists(p)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.toList();
    }
  }

  private static void waitForLog(String name, String expected) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (docker("logs", name).out().startsWith(expected)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("log of " + name + " never started with " + expected);
  }
}
