package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: the Supervision issue through the real docker CLI — cgroup limits, OOM, stats, pause,
 * restart policies, health checks and events.
 */
class SupervisionE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    daemon = Berthd.start(dir.resolve("d"));
    load(daemon);
  }

  static void load(Berthd d) throws Exception {
    Path tar = dir.resolve("busybox.tar");
    if (!Files.exists(tar)) {
      Images.busybox(tar, "busybox:latest");
    }
    assertThat(Cmd.docker(d, "load", "-i", tar.toString()).code()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      Cmd.docker(daemon, "rm", "-f", "hog", "forks", "half", "counter", "flaky", "doc");
      daemon.close();
    }
  }

  private static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  private static String inspect(String format, String name) throws Exception {
    return docker("inspect", "-f", format, name).out().strip();
  }

  /** Polls until {@code check} is true or 20 s pass; returns the last answer. */
  static boolean eventually(Callable<Boolean> check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (check.call()) {
        return true;
      }
      Thread.sleep(100);
    }
    return check.call();
  }

  private static Path cgroup(String controller, String id) {
    Path v2 = Path.of("/sys/fs/cgroup/cgroup.controllers");
    return Files.exists(v2) ? Path.of("/sys/fs/cgroup/berth", id)
        : Path.of("/sys/fs/cgroup", controller, "berth", id);
  }

  @Test
  void memoryHogIsOomKilled() throws Exception {
    Instant t0 = Instant.now().minusSeconds(1);
    Cmd.Result r = docker("run", "--name", "hog", "--memory", "32m", "busybox", "tail",
        "/dev/zero");
    assertThat(r.code()).as(r.all()).isEqualTo(137);
    assertThat(inspect("{{.State.OOMKilled}} {{.State.ExitCode}} {{.HostConfig.Memory}}",
        "hog")).isEqualTo("true 137 33554432");
    Cmd.Result events = docker("events", "--since", Long.toString(t0.getEpochSecond()),
        "--until", Long.toString(Instant.now().getEpochSecond() + 1), "--filter",
        "container=hog", "--format", "{{.Action}}");
    assertThat(events.out().lines().toList()).contains("oom", "die");
    docker("rm", "hog");
  }

  @Test
  void pidsLimitStopsAForkBomb() throws Exception {
    // The bomb runs in an inner shell: ash exits when it cannot fork, and that frees the slot
    // the outer shell needs for its own sleep, so the container stays up to be looked at.
    Cmd.Result run = docker("run", "-d", "--name", "forks", "--pids-limit", "20", "busybox",
        "sh", "-c", "sh -c 'for i in $(seq 1 60); do sleep 60 & done'; sleep 60");
    assertThat(run.code()).as(run.all()).isZero();
    String id = run.out().strip();
    Path pids = cgroup("pids", id);
    assertThat(Files.readString(pids.resolve("pids.max")).strip()).isEqualTo("20");
    assertThat(eventually(() -> docker("logs", "forks").err().contains("can't fork"))).isTrue();
    assertThat(Long.parseLong(Files.readString(pids.resolve("pids.current")).strip()))
        .isLessThanOrEqualTo(20);
    docker("rm", "-f", "forks");
  }

  @Test
  void cpusAreInTheCgroupAndUpdateChangesThem() throws Exception {
    Cmd.Result run = docker("run", "-d", "--name", "half", "--cpus", "0.5", "--memory", "64m",
        "busybox", "sh", "-c", "while true; do :; done");
    assertThat(run.code()).as(run.all()).isZero();
    String id = run.out().strip();
    assertThat(quota(id)).isEqualTo("50000 100000");
    Cmd.Result stats = docker("stats", "--no-stream", "--format",
        "{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}|{{.PIDs}}", "half");
    assertThat(stats.code()).as(stats.all()).isZero();
    String[] cols = stats.out().strip().split("\\|");
    assertThat(cols[0]).isEqualTo("half");
    double cpu = Double.parseDouble(cols[1].replace("%", ""));
    assertThat(cpu).as(stats.out()).isBetween(10.0, 80.0);
    assertThat(cols[2]).as(stats.out()).endsWith("/ 64MiB");
    assertThat(cols[3]).isEqualTo("1");

    Cmd.Result update = docker("update", "--cpus", "0.25", "--memory", "48m",
        "--memory-swap", "96m", "half");
    assertThat(update.code()).as(update.all()).isZero();
    assertThat(quota(id)).isEqualTo("25000 100000");
    assertThat(inspect("{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}", "half"))
        .isEqualTo("250000000 50331648");
    if (!Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
      assertThat(Files.readString(cgroup("memory", id).resolve("memory.limit_in_bytes")).strip())
          .isEqualTo("50331648");
    }
    docker("rm", "-f", "half");
  }

  private static String quota(String id) throws Exception {
    Path cpu = cgroup("cpu", id);
    if (Files.exists(cpu.resolve("cpu.max"))) {
      return Files.readString(cpu.resolve("cpu.max")).strip();
    }
    return Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip() + " "
        + Files.readString(cpu.resolve("cpu.cfs_period_us")).strip();
  }

  @Test
  void pauseStopsACounterUntilUnpause() throws Exception {
    assertThat(docker("run", "-d", "--name", "counter", "busybox", "sh", "-c",
        "i=0; while true; do i=$((i+1)); echo $i; sleep 0.1; done").code()).isZero();
    assertThat(eventually(() -> lines("counter") > 3)).isTrue();
    assertThat(docker("pause", "counter").code()).isZero();
    assertThat(inspect("{{.State.Status}} {{.State.Paused}}", "counter"))
        .isEqualTo("paused true");
    assertThat(docker("ps", "--filter", "name=counter", "--format", "{{.Status}}").out())
        .contains("(Paused)");
    long frozen = lines("counter");
    Thread.sleep(700);
    assertThat(lines("counter")).isEqualTo(frozen);
    assertThat(docker("pause", "counter").err()).contains("is already paused");
    assertThat(docker("unpause", "counter").code()).isZero();
    assertThat(eventually(() -> lines("counter") > frozen + 2)).isTrue();
    assertThat(docker("pause", "counter").code()).isZero();
    Cmd.Result stop = docker("stop", "-t", "1", "counter");
    assertThat(stop.code()).as(stop.all()).isZero();
    assertThat(inspect("{{.State.Status}}", "counter")).isEqualTo("exited");
    docker("rm", "counter");
  }

  private static long lines(String name) throws Exception {
    return docker("logs", name).out().lines().count();
  }

  @Test
  void onFailureRestartsUpToTheLimit() throws Exception {
    assertThat(docker("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox",
        "sh", "-c", "exit 1").code()).isZero();
    assertThat(eventually(() -> inspect("{{.State.Status}} {{.RestartCount}}", "flaky")
        .equals("exited 2"))).as(inspect("{{.State.Status}} {{.RestartCount}}", "flaky"))
        .isTrue();
    Thread.sleep(1000);
    assertThat(inspect("{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}", "flaky"))
        .isEqualTo("exited 2 1");
    docker("rm", "flaky");
  }

  @Test
  void healthCheckTurnsHealthyThenUnhealthyWithEvents() throws Exception {
    Instant t0 = Instant.now().minusSeconds(1);
    Cmd.Result run = docker("run", "-d", "--name", "doc", "--health-cmd", "test -f /tmp/ok",
        "--health-interval", "1s", "--health-retries", "2", "--health-timeout", "5s",
        "busybox", "sh", "-c", "touch /tmp/ok; sleep 300");
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(eventually(() -> inspect("{{.State.Health.Status}}", "doc").equals("healthy")))
        .isTrue();
    assertThat(docker("ps", "--filter", "name=doc", "--format", "{{.Status}}").out())
        .contains("(healthy)");
    assertThat(docker("exec", "doc", "rm", "/tmp/ok").code()).isZero();
    assertThat(eventually(() -> inspect("{{.State.Health.Status}}", "doc").equals("unhealthy")))
        .isTrue();
    assertThat(Integer.parseInt(inspect("{{.State.Health.FailingStreak}}", "doc")))
        .isGreaterThanOrEqualTo(2);
    assertThat(inspect("{{len .State.Health.Log}}", "doc")).isIn("2", "3", "4", "5");
    Cmd.Result events = docker("events", "--since", Long.toString(t0.getEpochSecond()),
        "--until", Long.toString(Instant.now().getEpochSecond() + 1), "--filter",
        "container=doc", "--filter", "event=health_status", "--format", "{{.Action}}");
    assertThat(events.out().lines().toList())
        .containsSubsequence("health_status: healthy", "health_status: unhealthy");
    docker("rm", "-f", "doc");
  }

  @Test
  void eventsShowTheLifeOfARunRm() throws Exception {
    Instant t0 = Instant.now().minusSeconds(1);
    assertThat(docker("run", "--rm", "--name", "brief", "busybox", "true").code()).isZero();
    Cmd.Result events = docker("events", "--since", Long.toString(t0.getEpochSecond()),
        "--until", Long.toString(Instant.now().getEpochSecond() + 1), "--filter",
        "container=brief", "--filter", "type=container", "--format", "{{.Action}}");
    assertThat(events.code()).as(events.all()).isZero();
    assertThat(events.out().lines().toList())
        .containsSubsequence("create", "start", "die", "destroy");
  }

  /**
   * A reboot, as berthd sees it: the daemon is down while the container and its conmon die.
   * {@code always} comes back; {@code unless-stopped} stopped by the user stays stopped.
   */
  @Test
  void restartPoliciesAfterBerthdRestarts() throws Exception {
    Path root = dir.resolve("restart");
    Berthd d = Berthd.start(root);
    try {
      load(d);
      assertThat(Cmd.docker(d, "run", "-d", "--name", "always", "--restart", "always",
          "busybox", "sleep", "300").code()).isZero();
      assertThat(Cmd.docker(d, "run", "-d", "--name", "unless", "--restart", "unless-stopped",
          "busybox", "sleep", "300").code()).isZero();
      assertThat(Cmd.docker(d, "stop", "-t", "1", "unless").code()).isZero();
      String id = Cmd.docker(d, "inspect", "-f", "{{.Id}}", "always").out().strip();
      int pid = Integer.parseInt(Cmd.docker(d, "inspect", "-f", "{{.State.Pid}}", "always")
          .out().strip());
      d.close();
      // the "reboot": conmon first, so that no exit file is written, then the container
      try (var files = Files.walk(d.execRoot)) {
        for (Path p : files.filter(p -> p.getFileName().toString().equals("conmon.pid")
            && p.toString().contains(id)).toList()) {
          ProcessHandle.of(Long.parseLong(Files.readString(p).strip()))
              .ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      assertThat(eventually(() -> ProcessHandle.of(pid).isEmpty())).isTrue();
      d = Berthd.start(root);
      Berthd now = d;
      assertThat(eventually(() -> Cmd.docker(now, "inspect", "-f", "{{.State.Status}}",
          "always").out().strip().equals("running"))).isTrue();
      assertThat(Cmd.docker(d, "inspect", "-f", "{{.State.Pid}}", "always").out().strip())
          .isNotEqualTo(Integer.toString(pid));
      Thread.sleep(500);
      assertThat(Cmd.docker(d, "inspect", "-f", "{{.State.Status}}", "unless").out().strip())
          .isEqualTo("exited");
    } finally {
      Cmd.docker(d, "rm", "-f", "always", "unless");
      d.close();
    }
  }

  @Test
  void logRotationKeepsThreeFilesAndLogsReadsThemInOrder() throws Exception {
    Cmd.Result run = docker("run", "-d", "--name", "chatty", "--log-opt", "max-size=1k",
        "--log-opt", "max-file=3", "busybox", "sh", "-c",
        "i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo line-$i; usleep 3000; done");
    assertThat(run.code()).as(run.all()).isZero();
    String id = run.out().strip();
    assertThat(docker("wait", "chatty").out().strip()).isEqualTo("0");
    Path containerDir = daemon.root.resolve("containers").resolve(id);
    try (var files = Files.list(containerDir)) {
      List<String> logs = files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("container.log")).sorted().toList();
      // the current file (container.log, a second name of the newest generation) and at most
      // max-file generations (ADR 113)
      assertThat(logs).as("log files").contains("container.log")
          .filteredOn(n -> n.matches("container\\.log\\.g\\d+")).hasSizeBetween(1, 3);
    }
    List<String> lines = docker("logs", "chatty").out().lines().toList();
    assertThat(lines).isNotEmpty().endsWith("line-300");
    assertThat(lines.size()).isLessThan(300);
    int first = Integer.parseInt(lines.getFirst().substring(5));
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)).isEqualTo("line-" + (first + i));
    }
    assertThat(docker("logs", "--tail", "2", "chatty").out()).isEqualTo("line-299\nline-300\n");
    docker("rm", "chatty");
  }

  @Test
  void berthCliRunsLimitsPauseUpdateStatsAndEvents() throws Exception {
    java.util.Map<String, String> env = java.util.Map.of("BERTH_HOST", daemon.host());
    long t0 = Instant.now().getEpochSecond() - 1;
    Cmd.Result run = Cmd.berth(env, "run", "-d", "--name", "bcli", "--memory", "40m",
        "--memory-reservation", "20m", "--cpu-shares", "256", "--kernel-memory", "50m",
        "--health-cmd", "true", "--health-interval", "1s", "busybox", "sleep", "300");
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.err()).contains("kernel memory limit is deprecated");
    assertThat(inspect("{{.HostConfig.MemoryReservation}} {{.HostConfig.CpuShares}} "
        + "{{.HostConfig.KernelMemory}}", "bcli")).isEqualTo("20971520 256 0");
    assertThat(eventually(() -> inspect("{{.State.Health.Status}}", "bcli").equals("healthy")))
        .isTrue();
    assertThat(Cmd.berth(env, "pause", "bcli").out().strip()).isEqualTo("bcli");
    assertThat(Cmd.berth(env, "ps", "--format", "{{.Names}} {{.Status}}").out())
        .contains("(Paused)");
    assertThat(Cmd.berth(env, "unpause", "bcli").code()).isZero();
    Cmd.Result update = Cmd.berth(env, "update", "--pids-limit", "30", "bcli");
    assertThat(update.code()).as(update.all()).isZero();
    assertThat(inspect("{{.HostConfig.PidsLimit}}", "bcli")).isEqualTo("30");
    Cmd.Result stats = Cmd.berth(env, "stats", "--no-stream", "bcli");
    assertThat(stats.code()).as(stats.all()).isZero();
    assertThat(stats.out()).startsWith("CONTAINER ID").contains("bcli", "/ 40MiB");
    Cmd.Result events = Cmd.berth(env, "events", "--since", Long.toString(t0), "--until",
        Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=bcli",
        "--format", "{{.Action}}");
    assertThat(events.out().lines().toList())
        .containsSubsequence("create", "start", "pause", "unpause", "update");
    docker("rm", "-f", "bcli");
  }

  /** Every limit flag reaches its cgroup v1 file (the v2 names are covered by golden files). */
  @Test
  void everyLimitLandsInItsCgroupFile() throws Exception {
    assumeTrue(!Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")), "a cgroup v1 host");
    String disk = null;
    try (var blocks = Files.list(Path.of("/sys/block"))) {
      for (Path b : blocks.sorted().toList()) {
        String n = b.getFileName().toString();
        if (!n.startsWith("loop") && !n.startsWith("zram") && !n.startsWith("ram")
            && Files.exists(Path.of("/dev", n))) {
          disk = n;
          break;
        }
      }
    }
    assumeTrue(disk != null, "no block device to throttle");
    String majMin = Files.readString(Path.of("/sys/block", disk, "dev")).strip();
    Cmd.Result run = docker("run", "-d", "--name", "limits", "--memory", "32m",
        "--memory-swap", "-1", "--memory-reservation", "16m", "--oom-kill-disable",
        "--cpu-shares", "512", "--cpu-period", "50000", "--cpu-quota", "25000",
        "--cpuset-cpus", "0", "--pids-limit", "50", "--device-read-bps", "/dev/" + disk + ":1mb",
        "--device-write-iops", "/dev/" + disk + ":100", "--shm-size", "16m", "--ulimit",
        "nofile=100:200", "busybox", "sh", "-c", "df /dev/shm; ulimit -n; sleep 60");
    assertThat(run.code()).as(run.all()).isZero();
    String id = run.out().strip();
    try {
      assertThat(cg("memory", id, "memory.limit_in_bytes")).isEqualTo("33554432");
      assertThat(cg("memory", id, "memory.soft_limit_in_bytes")).isEqualTo("16777216");
      assertThat(cg("memory", id, "memory.oom_control")).contains("oom_kill_disable 1");
      assertThat(cg("cpu", id, "cpu.shares")).isEqualTo("512");
      assertThat(quota(id)).isEqualTo("25000 50000");
      assertThat(cg("cpuset", id, "cpuset.cpus")).isEqualTo("0");
      assertThat(cg("pids", id, "pids.max")).isEqualTo("50");
      assertThat(cg("blkio", id, "blkio.throttle.read_bps_device"))
          .isEqualTo(majMin + " 1048576");
      assertThat(cg("blkio", id, "blkio.throttle.write_iops_device")).isEqualTo(majMin + " 100");
      assertThat(eventually(() -> docker("logs", "limits").out().contains("100\n"))).isTrue();
      assertThat(docker("logs", "limits").out()).contains("16384");
    } finally {
      docker("rm", "-f", "limits");
    }
  }

  private static String cg(String controller, String id, String file) throws Exception {
    return Files.readString(cgroup(controller, id).resolve(file)).strip();
  }
}
