package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: log drivers as dockerd 20.10 takes them — {@code none}, unknown drivers and options,
 * daemon.json's {@code log-driver}/{@code log-opts} as defaults.
 */
class LogsE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;
  static Path busyboxTar;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    daemon = Berthd.start(dir.resolve("d"));
    busyboxTar = Images.loadBusybox(daemon, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  @Test
  void noneKeepsNothingAndLogsSaysSo() throws Exception {
    Cmd.Result run = docker("run", "--name", "quiet", "--log-driver", "none", "busybox", "echo",
        "hi");
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out()).isEqualTo("hi\n"); // attached output still flows
    Cmd.Result logs = docker("logs", "quiet");
    assertThat(logs.code()).isEqualTo(1);
    assertThat(logs.err()).contains("configured logging driver does not support reading");
    assertThat(docker("inspect", "-f", "{{.HostConfig.LogConfig.Type}}:{{.LogPath}}", "quiet")
        .out().strip()).isEqualTo("none:");
    String id = docker("inspect", "-f", "{{.Id}}", "quiet").out().strip();
    try (var files = Files.list(daemon.root.resolve("containers").resolve(id))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("container.log"));
    }
    docker("rm", "quiet");
  }

  @Test
  void unknownDriversAndOptionsAreRefusedByNameAndMaxFileAloneIsAccepted() throws Exception {
    Cmd.Result bad = docker("create", "--log-driver", "asdf", "busybox", "true");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("error looking up logging plugin asdf: plugin \"asdf\" not"
        + " found");
    Cmd.Result opt = docker("create", "--log-opt", "bogus=1", "busybox", "true");
    assertThat(opt.err()).contains("unknown log opt 'bogus' for json-file log driver");
    Cmd.Result files = docker("run", "--name", "mf", "--log-opt", "max-file=100", "busybox",
        "echo", "kept");
    assertThat(files.code()).as(files.all()).isZero();
    assertThat(docker("inspect", "-f", "{{json .HostConfig.LogConfig}}", "mf").out().strip())
        .isEqualTo("{\"Type\":\"json-file\",\"Config\":{\"max-file\":\"100\"}}");
    assertThat(docker("logs", "mf").out()).isEqualTo("kept\n");
    docker("rm", "mf");
  }

  @Test
  void daemonJsonLogDriverAndOptsAreTheDefaults() throws Exception {
    Path d2 = dir.resolve("d2");
    Files.createDirectories(d2);
    Files.writeString(d2.resolve("daemon.json"),
        "{\"log-driver\": \"json-file\", \"log-opts\": {\"max-size\": \"2k\", \"max-file\": \"2\"}}");
    try (Berthd other = Berthd.start(d2)) {
      assertThat(Cmd.docker(other, "load", "-i", busyboxTar.toString()).code()).isZero();
      assertThat(Cmd.docker(other, "create", "--name", "dflt", "--log-opt", "max-file=5",
          "busybox", "true").code()).isZero();
      assertThat(Cmd.docker(other, "inspect", "-f", "{{json .HostConfig.LogConfig.Config}}",
          "dflt").out().strip()).isEqualTo("{\"max-file\":\"5\",\"max-size\":\"2k\"}");
      assertThat(Cmd.docker(other, "info", "-f", "{{.LoggingDriver}}").out().strip())
          .isEqualTo("json-file");
    }
    Path d3 = dir.resolve("d3");
    Files.createDirectories(d3);
    Files.writeString(d3.resolve("daemon.json"), "{\"log-driver\": \"none\"}");
    try (Berthd other = Berthd.start(d3)) {
      assertThat(Cmd.docker(other, "load", "-i", busyboxTar.toString()).code()).isZero();
      Cmd.Result run = Cmd.docker(other, "run", "--name", "nolog", "busybox", "true");
      assertThat(run.code()).as(run.all()).isZero();
      assertThat(Cmd.docker(other, "inspect", "-f", "{{.HostConfig.LogConfig.Type}}", "nolog")
          .out().strip()).isEqualTo("none");
      assertThat(Cmd.docker(other, "logs", "nolog").err()).contains("does not support reading");
      assertThat(Cmd.docker(other, "info", "-f", "{{.LoggingDriver}}").out().strip())
          .isEqualTo("none");
    }
  }

  /**
   * Rotation that holds for a burst from a container that exits at once (ADR 113): at most
   * max-file files of about max-size, at most max-size × max-file bytes on disk, and
   * {@code docker logs} shows the newest lines, contiguous, ending with the last.
   */
  @Test
  void aBurstFromAShortLivedContainerStaysWithinTheLimits() throws Exception {
    Cmd.Result run = docker("run", "-d", "--name", "burst", "--log-opt", "max-size=1k",
        "--log-opt", "max-file=3", "busybox", "sh", "-c",
        "i=0; while [ $i -lt 2000 ]; do i=$((i+1)); echo line-$i; done");
    assertThat(run.code()).as(run.all()).isZero();
    String id = run.out().strip();
    assertThat(docker("wait", "burst").out().strip()).isEqualTo("0");
    Path containerDir = daemon.root.resolve("containers").resolve(id);
    java.util.Map<Object, Long> inodes = new java.util.HashMap<>();
    try (var files = Files.list(containerDir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("container.log"))
          .toList()) {
        if (Files.isRegularFile(p)) {
          var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
          inodes.put(a.fileKey(), a.size());
        }
      }
    }
    assertThat(inodes).as("distinct log files").hasSizeBetween(1, 3);
    assertThat(inodes.values()).allMatch(size -> size <= 1024);
    assertThat(inodes.values().stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(
        3 * 1024);
    java.util.List<String> lines = docker("logs", "burst").out().lines().toList();
    assertThat(lines).isNotEmpty().endsWith("line-2000");
    int first = Integer.parseInt(lines.getFirst().substring(5));
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)).isEqualTo("line-" + (first + i));
    }
    docker("rm", "burst");
  }
}
