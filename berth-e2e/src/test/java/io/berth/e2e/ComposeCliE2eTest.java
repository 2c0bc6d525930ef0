package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: {@code berth compose}, {@code docker compose} through bin/docker-compose as the docker
 * CLI 28's plugin, and docker-compose 1.29 on the same projects against one berthd (issue 18):
 * a web service with a health check and a client that reaches it by service name once it is
 * healthy, scale 3 on a shared volume, profiles, a build with args, external networks and
 * volumes, secrets. With {@code BERTH_E2E_REFERENCE_DOCKER_HOST} (a dockerd) the web project
 * runs there too and {@code ps}, {@code logs} and {@code config} must answer the same.
 */
class ComposeCliE2eTest {
  private static final Path COMPOSE_V1 = Path.of("/usr/bin/docker-compose");
  @TempDir static Path dir;
  static Berthd daemon;
  static Path pluginConfig;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeNetworking();
    daemon = Berthd.start(dir.resolve("d"));
    Images.loadBusybox(daemon, dir);
    pluginConfig = Files.createDirectories(dir.resolve("docker-config/cli-plugins"));
    Files.createSymbolicLink(pluginConfig.resolve("docker-compose"),
        Images.repoRoot().resolve("bin/docker-compose"));
    pluginConfig = pluginConfig.getParent();
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      // a failed test may leave containers: remove them, so the daemon's network goes too
      for (String id : Cmd.docker(daemon, "ps", "-aq").out().split("\\s+")) {
        if (!id.isBlank()) {
          Cmd.docker(daemon, "rm", "-f", id);
        }
      }
      daemon.close();
    }
  }

  // -- the three clients ---------------------------------------------------------------------

  static Cmd.Result berth(String host, Path project, String... args) throws Exception {
    // as bin/berth runs it: C1 only and the serial GC, which halve a short command's start-up
    List<String> cmd = new ArrayList<>(List.of(Berthd.java(), "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.berth.cli.Main",
        "compose", "-f", project.resolve("compose.yaml").toString()));
    cmd.addAll(List.of(args));
    return Cmd.run(Map.of("BERTH_HOST", host, "HOME", dir.toString()), null, cmd);
  }

  static Cmd.Result berth(Path project, String... args) throws Exception {
    return berth(daemon.host(), project, args);
  }

  static Cmd.Result ok(Cmd.Result r) {
    assertThat(r.code()).as(r.all()).isZero();
    return r;
  }

  /** {@code docker -H … compose -f … ARGS}: the docker CLI runs bin/docker-compose. */
  static Cmd.Result plugin(Path project, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Cmd.dockerBinary(), "-H", daemon.host(),
        "compose", "-f", project.resolve("compose.yaml").toString()));
    cmd.addAll(List.of(args));
    return Cmd.run(Map.of("DOCKER_CONFIG", pluginConfig.toString(), "HOME", dir.toString()),
        null, cmd);
  }

  static Cmd.Result v1(Path project, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(COMPOSE_V1.toString(), "-f",
        project.resolve("compose.yaml").toString()));
    cmd.addAll(List.of(args));
    return Cmd.run(Map.of("DOCKER_HOST", daemon.host(), "PATH", "/usr/bin:/bin",
        "HOME", dir.toString(), "COMPOSE_DOCKER_CLI_BUILD", "0"), null, cmd);
  }

  static Path project(String name, String compose) throws Exception {
    Path p = Files.createDirectories(dir.resolve(name));
    Files.writeString(p.resolve("compose.yaml"), compose);
    return p;
  }

  /** name → state of the project's containers, from {@code ps -a --format json}. */
  static Set<String> states(Cmd.Result ps) throws Exception {
    Set<String> out = new TreeSet<>();
    for (String line : ps.out().split("\n")) {
      if (!line.isBlank()) {
        JsonNode c = Json.MAPPER.readTree(line);
        out.add(c.path("Name").asText() + " " + c.path("Service").asText() + " "
            + c.path("State").asText());
      }
    }
    return out;
  }

  private static final String WEB = """
      services:
        web:
          image: busybox:latest
          command: ["sh", "-c", "mkdir -p /www && echo hello from web > /www/index.html && exec httpd -f -p 80 -h /www"]
          stop_signal: SIGKILL
          healthcheck:
            test: ["CMD-SHELL", "timeout 2 wget -q -O /dev/null http://127.0.0.1/"]
            interval: 1s
            retries: 30
        client:
          image: busybox:latest
          depends_on:
            web:
              condition: service_healthy
          command: ["sh", "-c", "timeout 5 wget -q -O- http://web/ && echo client done"]
      """;

  // -- the projects --------------------------------------------------------------------------

  /** The client reaches web by its service name, and only once web is healthy. */
  @Test
  void webAndClientByServiceNameAfterHealth() throws Exception {
    Path p = project("webclient", WEB);
    try {
      ok(berth(p, "up", "-d"));
      Cmd.Result wait = ok(Cmd.docker(daemon, "wait", "webclient-client-1"));
      assertThat(wait.out().trim()).isEqualTo("0");
      assertThat(ok(berth(p, "logs", "--no-color", "client")).out())
          .contains("client-1  | hello from web", "client-1  | client done");
      assertThat(states(ok(berth(p, "ps", "-a", "--format", "json")))).containsExactly(
          "webclient-client-1 client exited", "webclient-web-1 web running");
      JsonNode web = inspect("webclient-web-1");
      Map<String, String> labels = Json.MAPPER.convertValue(web.path("Config").path("Labels"),
          new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
      assertThat(labels).containsEntry("com.docker.compose.project", "webclient")
          .containsEntry("com.docker.compose.service", "web")
          .containsEntry("com.docker.compose.container-number", "1")
          .containsEntry("com.docker.compose.oneoff", "False")
          .containsEntry("com.docker.compose.project.working_dir", p.toString())
          .containsEntry("com.docker.compose.project.config_files",
              p.resolve("compose.yaml").toString())
          .containsKeys("com.docker.compose.config-hash", "com.docker.compose.version",
              "com.docker.compose.depends_on", "com.docker.compose.image");
      assertThat(web.path("NetworkSettings").path("Networks").has("webclient_default")).isTrue();
    } finally {
      ok(berth(p, "down", "-t", "1"));
    }
    assertThat(ok(Cmd.docker(daemon, "ps", "-aq", "--filter",
        "label=com.docker.compose.project=webclient")).out()).isBlank();
    assertThat(ok(Cmd.docker(daemon, "network", "ls", "-q", "--filter",
        "name=webclient_default")).out()).isBlank();
  }

  private static final String PAIR = """
      services:
        one:
          image: busybox:latest
          command: ["sleep", "300"]
          stop_signal: SIGKILL
        two:
          image: busybox:latest
          command: ["sleep", "301"]
          stop_signal: SIGKILL
      """;

  /** A second {@code up} recreates nothing; a changed service is recreated alone. */
  @Test
  void upRecreatesOnlyWhatChanged() throws Exception {
    Path p = project("recreate", PAIR);
    try {
      ok(berth(p, "up", "-d"));
      String one = inspect("recreate-one-1").path("Id").asText();
      String two = inspect("recreate-two-1").path("Id").asText();
      ok(berth(p, "up", "-d"));
      assertThat(inspect("recreate-one-1").path("Id").asText()).isEqualTo(one);
      assertThat(inspect("recreate-two-1").path("Id").asText()).isEqualTo(two);
      Files.writeString(p.resolve("compose.yaml"), PAIR.replace("301", "302"));
      ok(berth(p, "up", "-d"));
      assertThat(inspect("recreate-one-1").path("Id").asText()).isEqualTo(one);
      assertThat(inspect("recreate-two-1").path("Id").asText()).isNotEqualTo(two);
    } finally {
      ok(berth(p, "down", "-t", "0"));
    }
  }

  /** {@code docker compose} (the plugin) and docker-compose 1.29 see berth compose's project. */
  @Test
  void thePluginAndComposeV1SeeTheSameProject() throws Exception {
    Path p = project("shared", PAIR);
    try {
      ok(berth(p, "up", "-d"));
      assertThat(states(ok(plugin(p, "ps", "--format", "json")))).containsExactly(
          "shared-one-1 one running", "shared-two-1 two running");
      assertThat(ok(plugin(p, "config")).out()).isEqualTo(ok(berth(p, "config")).out());
      if (Files.isExecutable(COMPOSE_V1)) {
        assertThat(ok(v1(p, "ps")).out()).contains("shared-one-1", "shared-two-1");
      }
    } finally {
      ok(plugin(p, "down", "-t", "0"));
    }
    assertThat(ok(Cmd.docker(daemon, "ps", "-aq", "--filter",
        "label=com.docker.compose.project=shared")).out()).isBlank();
  }

  /** docker-compose 1.29's project, seen and taken down by berth compose. */
  @Test
  void composeV1ProjectIsSeenByBerthCompose() throws Exception {
    assumeTrue(Files.isExecutable(COMPOSE_V1), "docker-compose v1 is not installed");
    Path p = project("legacy", """
        services:
          sleeper:
            image: busybox:latest
            command: ["sleep", "300"]
            stop_signal: SIGKILL
        """);
    ok(v1(p, "up", "-d"));
    assertThat(states(ok(berth(p, "ps", "--format", "json"))))
        .containsExactly("legacy_sleeper_1 sleeper running");
    ok(berth(p, "down", "-t", "1"));
    assertThat(ok(Cmd.docker(daemon, "ps", "-aq")).out()).doesNotContain("legacy");
  }

  /** Three replicas share one named volume; each wrote its hostname into it. */
  @Test
  void scaleThreeWithASharedVolume() throws Exception {
    Path p = project("scaled", """
        services:
          worker:
            image: busybox:latest
            command: ["sh", "-c", "hostname > /shared/$$(hostname) && exec sleep 300"]
            stop_signal: SIGKILL
            volumes: [data:/shared]
        volumes:
          data:
        """);
    ok(berth(p, "up", "-d", "--scale", "worker=3"));
    assertThat(states(ok(berth(p, "ps", "--format", "json")))).containsExactly(
        "scaled-worker-1 worker running", "scaled-worker-2 worker running",
        "scaled-worker-3 worker running");
    Cmd.Result ls = null;
    for (int i = 0; i < 50; i++) {
      ls = ok(berth(p, "exec", "-T", "--index", "2", "worker", "ls", "/shared"));
      if (ls.out().trim().split("\\s+").length == 3) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(ls.out().trim().split("\\s+")).hasSize(3);
    ok(berth(p, "up", "-d", "--scale", "worker=1"));
    assertThat(states(ok(berth(p, "ps", "--format", "json"))))
        .containsExactly("scaled-worker-1 worker running");
    ok(berth(p, "down", "-v", "-t", "1"));
    assertThat(ok(Cmd.docker(daemon, "volume", "ls", "-q")).out()).doesNotContain("scaled_data");
  }

  /** A service under a profile starts only when its profile is enabled. */
  @Test
  void profiles() throws Exception {
    Path p = project("profiled", """
        services:
          always:
            image: busybox:latest
            command: ["sleep", "300"]
            stop_signal: SIGKILL
          debug:
            image: busybox:latest
            command: ["sleep", "300"]
            stop_signal: SIGKILL
            profiles: [debug]
        """);
    assertThat(ok(berth(p, "config", "--services")).out().trim()).isEqualTo("always");
    ok(berth(p, "up", "-d"));
    assertThat(states(ok(berth(p, "ps", "--format", "json"))))
        .containsExactly("profiled-always-1 always running");
    ok(berth(p, "--profile", "debug", "up", "-d"));
    assertThat(states(ok(berth(p, "ps", "--format", "json")))).containsExactly(
        "profiled-always-1 always running", "profiled-debug-1 debug running");
    ok(berth(p, "--profile", "debug", "down", "-t", "1"));
  }

  /** build.args reach the Dockerfile's ARG, interpolated from .env. */
  @Test
  void buildWithArgs() throws Exception {
    Path p = project("built", """
        services:
          app:
            build:
              context: ./app
              args:
                GREETING: ${GREETING:-unset}
            command: ["cat", "/greeting"]
        """);
    Files.writeString(p.resolve(".env"), "GREETING=built with args\n");
    Files.createDirectories(p.resolve("app"));
    Files.writeString(p.resolve("app/Dockerfile"), """
        FROM busybox:latest
        ARG GREETING
        RUN echo "$GREETING" > /greeting
        """);
    ok(berth(p, "up", "--no-color"));
    assertThat(ok(berth(p, "logs", "--no-log-prefix", "app")).out().trim())
        .isEqualTo("built with args");
    assertThat(ok(Cmd.docker(daemon, "image", "inspect", "built-app")).code()).isZero();
    ok(berth(p, "down", "--rmi", "local"));
    assertThat(Cmd.docker(daemon, "image", "inspect", "built-app").code()).isNotZero();
  }

  /** External network and volume are used as they are, and left alone by down. */
  @Test
  void externalNetworksAndVolumes() throws Exception {
    ok(Cmd.docker(daemon, "network", "create", "extnet"));
    ok(Cmd.docker(daemon, "volume", "create", "extvol"));
    Path p = project("external", """
        services:
          user:
            image: busybox:latest
            command: ["sh", "-c", "echo kept > /v/file"]
            networks: [outside]
            volumes: [stash:/v]
        networks:
          outside:
            name: extnet
            external: true
        volumes:
          stash:
            name: extvol
            external: true
        """);
    ok(berth(p, "up"));
    JsonNode c = inspect("external-user-1");
    assertThat(c.path("NetworkSettings").path("Networks").has("extnet")).isTrue();
    ok(berth(p, "down", "-v"));
    assertThat(ok(Cmd.docker(daemon, "network", "inspect", "extnet")).code()).isZero();
    Cmd.Result read = ok(Cmd.docker(daemon, "run", "--rm", "-v", "extvol:/v", "busybox:latest",
        "cat", "/v/file"));
    assertThat(read.out().trim()).isEqualTo("kept");
    ok(Cmd.docker(daemon, "network", "rm", "extnet"));
    ok(Cmd.docker(daemon, "volume", "rm", "extvol"));
  }

  /** A file secret is mounted read-only at /run/secrets/NAME; run --rm passes -e. */
  @Test
  void secretsAndRun() throws Exception {
    Path p = project("secret", """
        services:
          reader:
            image: busybox:latest
            command: ["cat", "/run/secrets/token"]
            secrets: [token]
        secrets:
          token:
            file: ./token.txt
        """);
    Files.writeString(p.resolve("token.txt"), "s3cr3t\n");
    Cmd.Result run = ok(berth(p, "run", "--rm", "-T", "-e", "X=from-run", "reader", "sh", "-c",
        "cat /run/secrets/token; echo $X; touch /run/secrets/token 2>/dev/null || echo ro"));
    assertThat(run.out()).contains("s3cr3t", "from-run", "ro");
    assertThat(ok(Cmd.docker(daemon, "ps", "-aq", "--filter",
        "label=com.docker.compose.oneoff=True")).out()).isBlank();
    ok(berth(p, "down"));
  }

  /** Where a dockerd is named, the web project gives the same ps, logs and config there. */
  @Test
  @Timeout(240) // the project on two daemons, one after the other
  void sameAnswersAsARealDockerd() throws Exception {
    String reference = System.getenv("BERTH_E2E_REFERENCE_DOCKER_HOST");
    assumeTrue(reference != null && !reference.isEmpty(),
        "BERTH_E2E_REFERENCE_DOCKER_HOST names no reference dockerd");
    Cmd.Result load = Cmd.run(Map.of(), null, List.of(Cmd.dockerBinary(), "-H", reference,
        "load", "-i", dir.resolve("busybox.tar").toString()));
    assertThat(load.code()).as(load.all()).isZero();
    Path p = project("refcheck", WEB);
    List<String> answers = new ArrayList<>();
    for (String host : List.of(daemon.host(), reference)) {
      try {
        ok(berth(host, p, "up", "-d", "--wait"));
        ok(Cmd.run(Map.of(), null, List.of(Cmd.dockerBinary(), "-H", host, "wait",
            "refcheck-client-1")));
        answers.add(states(ok(berth(host, p, "ps", "-a", "--format", "json"))) + "\n"
            + ok(berth(host, p, "logs", "--no-color", "client")).out() + "\n"
            + ok(berth(host, p, "config")).out());
      } finally {
        berth(host, p, "down", "-t", "1");
      }
    }
    assertThat(answers.get(1)).as("the reference dockerd").isEqualTo(answers.get(0));
  }

  static JsonNode inspect(String name) throws Exception {
    return Json.MAPPER.readTree(ok(Cmd.docker(daemon, "inspect", name)).out()).get(0);
  }
}
