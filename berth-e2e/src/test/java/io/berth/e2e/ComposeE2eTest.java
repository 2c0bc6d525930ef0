package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: docker-compose v1 (Debian's 1.29.2, docker-py underneath) against berthd:
 * {@code up -d}, {@code logs -f} (which follows through {@code /events}) and {@code down}.
 * Compose creates a {@code <project>_default} network first, so this needs berth's networks.
 */
class ComposeE2eTest {
  private static final Path COMPOSE = Path.of("/usr/bin/docker-compose");
  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(COMPOSE), "docker-compose v1 is not installed");
    assumeTrue(Images.busyboxAvailable(), "busybox-static is not installed");
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"),
        "containers need root");
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    daemon = Berthd.start(dir.resolve("d"));
    Images.loadBusybox(daemon, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      compose("down", "-t", "1");
      daemon.close();
    }
  }

  static Cmd.Result compose(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(COMPOSE.toString(), "-p", "bt",
        "-f", dir.resolve("docker-compose.yml").toString()));
    cmd.addAll(List.of(args));
    return Cmd.run(Map.of("DOCKER_HOST", daemon.host(), "PATH", "/usr/bin:/bin",
        "HOME", dir.toString(), "DOCKER_CONFIG", dir.resolve("docker-config").toString()),
        null, cmd);
  }

  /** The usual file: compose makes a {@code bt_default} network for it. */
  @Test
  void upLogsFollowDown() throws Exception {
    Files.writeString(dir.resolve("docker-compose.yml"), FILE);
    Cmd.Result up = compose("up", "-d");
    assumeFalse(up.code() != 0 && up.all().toLowerCase().contains("network"),
        "compose needs berth's networks (issue 6): " + up.all());
    upLogsDown(up);
  }

  /** With {@code network_mode: none} everywhere compose makes no network. */
  @Test
  void upLogsFollowDownWithoutNetworks() throws Exception {
    Files.writeString(dir.resolve("docker-compose.yml"), FILE.replace("    image:",
        "    network_mode: none\n    image:"));
    upLogsDown(compose("up", "-d"));
  }

  private static final String FILE = """
      version: "3"
      services:
        talker:
          image: busybox:latest
          command: ["sh", "-c", "echo hello from compose; sleep 2; echo bye"]
        sleeper:
          image: busybox:latest
          command: ["sleep", "300"]
          stop_signal: SIGKILL
      """;

  private static void upLogsDown(Cmd.Result up) throws Exception {
    assertThat(up.code()).as(up.all()).isZero();
    Cmd.Result ps = Cmd.docker(daemon, "ps", "-a", "--format", "{{.Names}}");
    assertThat(ps.out()).contains("bt_talker_1", "bt_sleeper_1");
    Cmd.Result logs = Cmd.run(Map.of("DOCKER_HOST", daemon.host(), "PATH", "/usr/bin:/bin",
        "HOME", dir.toString()), null, List.of("timeout", "20", COMPOSE.toString(), "-p", "bt",
        "-f", dir.resolve("docker-compose.yml").toString(), "logs", "-f", "--no-color",
        "talker"));
    assertThat(logs.code()).as(logs.all()).isZero();
    assertThat(logs.out()).contains("hello from compose", "bye");
    Cmd.Result down = compose("down", "-t", "1");
    assertThat(down.code()).as(down.all()).isZero();
    assertThat(Cmd.docker(daemon, "ps", "-aq").out()).isEmpty();
  }
}
