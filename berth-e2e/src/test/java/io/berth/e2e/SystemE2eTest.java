package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 4: berthd on a temp root and socket, driven by the real docker CLI and by berth. */
class SystemE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = Berthd.start(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void dockerVersionShowsServerApi144() throws Exception {
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    Cmd.Result r = Cmd.docker(daemon, "version");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("Server: berth")
        .containsPattern("API version:\\s+1\\.44 \\(minimum version 1\\.24\\)");
  }

  @Test
  void dockerVersionFormatReadsServerFields() throws Exception {
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    Cmd.Result r = Cmd.docker(daemon, "version", "--format", "{{.Server.APIVersion}} {{.Server.Os}}");
    assertThat(r.out().trim()).isEqualTo("1.44 linux");
  }

  @Test
  void dockerInfoReportsTrueFacts() throws Exception {
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    Cmd.Result r = Cmd.docker(daemon, "info", "--format",
        "{{.DockerRootDir}}|{{.Swarm.LocalNodeState}}|{{.NCPU}}|{{.KernelVersion}}|{{.OSType}}");
    assertThat(r.code()).as(r.all()).isZero();
    String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
    assertThat(r.out().trim()).isEqualTo(daemon.root + "|inactive|"
        + Runtime.getRuntime().availableProcessors() + "|" + kernel + "|linux");
  }

  @Test
  void berthVersionPrintsClientAndServer() throws Exception {
    Cmd.Result r = Cmd.berth(Map.of(), "-H", daemon.host(), "version");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).startsWith("Client:\n").contains("Server: berth", " Engine:",
        "(minimum version 1.24)");
  }

  @Test
  void berthFindsTheDaemonThroughDockerHost() throws Exception {
    Cmd.Result r = Cmd.berth(Map.of("DOCKER_HOST", daemon.host()), "info");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("Berth Root Dir: " + daemon.root, "Swarm: inactive");
  }

  @Test
  void berthWithoutDaemonSaysSoAndExits1() throws Exception {
    Cmd.Result r = Cmd.berth(Map.of(), "-H", "unix://" + dir.resolve("nothing.sock"), "version");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().trim()).isEqualTo("Cannot connect to the berth daemon at unix://"
        + dir.resolve("nothing.sock") + ". Is berthd running?");
    assertThat(r.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void aSecondDaemonOnTheSameRootNamesTheFirstsPid() throws Exception {
    Process second = Berthd.launch(dir, "-H", "unix://" + dir.resolve("second.sock"));
    assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isEqualTo(1);
    assertThat(Files.readString(daemon.log)).contains("another berthd (pid "
        + daemon.process.pid() + ") is already running");
  }

  /**
   * As an inactive dockerd: 503 and dockerd's words on every swarm endpoint, which the CLI
   * prints and docker-py's leave_swarm(force=True) accepts.
   */
  @Test
  void swarmEndpointsAnswerLikeANodeOutsideASwarm() throws Exception {
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    String notManager = "This node is not a swarm manager. Use \"docker swarm init\" or"
        + " \"docker swarm join\" to connect this node to swarm and try again.";
    for (String[] cmd : new String[][] {{"node", "ls"}, {"service", "ls"}, {"secret", "ls"},
        {"config", "ls"}, {"swarm", "unlock-key"}, {"service", "inspect", "x"}}) {
      Cmd.Result r = Cmd.docker(daemon, cmd);
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).as(String.join(" ", cmd)).contains(notManager);
    }
    Cmd.Result leave = Cmd.docker(daemon, "swarm", "leave");
    assertThat(leave.err()).contains("This node is not part of a swarm");
    Cmd.Result probe = Cmd.run(Map.of(), null, java.util.List.of("/usr/bin/python3", "-c",
        "import docker"));
    assumeTrue(probe.code() == 0, "docker-py (python3-docker) is not installed");
    Cmd.Result py = Cmd.run(Map.of(), null, java.util.List.of("/usr/bin/python3", "-c",
        "import docker\nc = docker.APIClient(base_url='" + daemon.host() + "')\n"
            + "print(c.leave_swarm(force=True))\n"
            + "try:\n    c.inspect_swarm()\nexcept docker.errors.APIError as e:\n"
            + "    print(e.response.status_code)"));
    assertThat(py.out()).as(py.all()).isEqualTo("True\n503\n");
  }
}
