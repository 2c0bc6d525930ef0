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

  /** One of the three compose programs; {@code sep} joins its container names' parts. */
  record Client(String name, String sep) {
    Cmd.Result run(Path project, String... args) throws Exception {
      return switch (name) {
        case "berth" -> berth(project, args);
        case "plugin" -> plugin(project, args);
        default -> v1(project, args);
      };
    }

    /** The container of {@code service} number {@code n} in {@code project}. */
    String container(String project, String service, int n) {
      return project + sep + service + sep + n;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final Client BERTH = new Client("berth", "-");

  static List<Client> clients() {
    List<Client> all = new ArrayList<>(List.of(BERTH, new Client("plugin", "-")));
    if (Files.isExecutable(COMPOSE_V1)) {
      all.add(new Client("v1", "_"));
    }
    return all;
  }

  /**
   * service, number and state of the project's containers, read from the engine by label
   * (client-neutral: docker-compose 1.29 has no {@code ps --format json}).
   */
  static Set<String> running(String host, String project) throws Exception {
    Cmd.Result r = ok(Cmd.run(Map.of(), null, List.of(Cmd.dockerBinary(), "-H", host, "ps", "-a",
        "--filter", "label=com.docker.compose.project=" + project, "--format",
        "{{.Label \"com.docker.compose.service\"}} "
            + "{{.Label \"com.docker.compose.container-number\"}} {{.State}}")));
    return new TreeSet<>(r.out().lines().filter(l -> !l.isBlank()).toList());
  }

  static Set<String> running(String project) throws Exception {
    return running(daemon.host(), project);
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

  // -- the projects (each run by every client, one after the other) --------------------------

  static final String WEB = """
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

  static final String SCALED = """
      services:
        worker:
          image: busybox:latest
          command: ["sh", "-c", "hostname > /shared/$$(hostname) && exec sleep 300"]
          stop_signal: SIGKILL
          volumes: [data:/shared]
      volumes:
        data:
      """;

  static final String PROFILED = """
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
      """;

  static final String BUILT = """
      services:
        app:
          build:
            context: ./app
            network: none # the reference dockerd may run with --bridge=none
            args:
              GREETING: ${GREETING:-unset}
          command: ["cat", "/greeting"]
      """;

  static final String EXTERNAL = """
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
      """;

  static final String SECRET = """
      services:
        reader:
          image: busybox:latest
          command: ["cat", "/run/secrets/token"]
          secrets: [token]
      secrets:
        token:
          file: ./token.txt
      """;

  static Path builtProject(String name) throws Exception {
    Path p = project(name, BUILT);
    Files.writeString(p.resolve(".env"), "GREETING=built with args\n");
    Files.createDirectories(p.resolve("app"));
    Files.writeString(p.resolve("app/Dockerfile"), """
        FROM busybox:latest
        ARG GREETING
        RUN echo "$GREETING" > /greeting
        """);
    return p;
  }

  static Path secretProject(String name) throws Exception {
    Path p = project(name, SECRET);
    Files.writeString(p.resolve("token.txt"), "s3cr3t\n");
    return p;
  }

  /** The client reaches web by its service name, and only once web is healthy. */
  @Test
  @Timeout(360)
  void webAndClientByServiceNameAfterHealth() throws Exception {
    for (Client c : clients()) {
      String name = "webclient-" + c;
      Path p = project(name, WEB);
      try {
        ok(c.run(p, "up", "-d"));
        Cmd.Result wait = ok(Cmd.docker(daemon, "wait", c.container(name, "client", 1)));
        assertThat(wait.out().trim()).as(c.name()).isEqualTo("0");
        assertThat(ok(c.run(p, "logs", "--no-color", "client")).out()).as(c.name())
            .contains("hello from web", "client done");
        assertThat(running(name)).as(c.name()).containsExactly("client 1 exited",
            "web 1 running");
        assertThat(ok(c.run(p, "ps", "-a")).out()).as(c.name())
            .contains(c.container(name, "client", 1), c.container(name, "web", 1));
        JsonNode web = inspect(c.container(name, "web", 1));
        Map<String, String> labels = Json.MAPPER.convertValue(web.path("Config").path("Labels"),
            new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
        assertThat(labels).as(c.name()).containsEntry("com.docker.compose.project", name)
            .containsEntry("com.docker.compose.service", "web")
            .containsEntry("com.docker.compose.container-number", "1")
            .containsEntry("com.docker.compose.oneoff", "False")
            .containsEntry("com.docker.compose.project.working_dir", p.toString())
            .containsEntry("com.docker.compose.project.config_files",
                p.resolve("compose.yaml").toString())
            .containsKeys("com.docker.compose.config-hash", "com.docker.compose.version");
        if (!c.name().equals("v1")) {
          assertThat(labels).containsKeys("com.docker.compose.depends_on",
              "com.docker.compose.image");
        }
        assertThat(web.path("NetworkSettings").path("Networks").has(name + "_default")).isTrue();
      } finally {
        ok(c.run(p, "down", "-t", "1"));
      }
      assertThat(running(name)).as(c.name()).isEmpty();
      assertThat(ok(Cmd.docker(daemon, "network", "ls", "-q", "--filter",
          "name=" + name + "_default")).out()).as(c.name()).isBlank();
    }
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
    assertThat(running("shared")).isEmpty();
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
    // the hashes differ (ADR 0137): berth's up replaces 1.29's container, as Compose v2 does
    ok(berth(p, "up", "-d"));
    assertThat(running("legacy")).containsExactly("sleeper 1 running");
    ok(berth(p, "down", "-t", "1"));
    assertThat(running("legacy")).isEmpty();
  }

  /** Three replicas share one named volume; each wrote its hostname into it. */
  @Test
  @Timeout(360)
  void scaleThreeWithASharedVolume() throws Exception {
    for (Client c : clients()) {
      String name = "scaled-" + c;
      Path p = project(name, SCALED);
      ok(c.run(p, "up", "-d", "--scale", "worker=3"));
      assertThat(running(name)).as(c.name()).containsExactly("worker 1 running",
          "worker 2 running", "worker 3 running");
      Cmd.Result ls = null;
      for (int i = 0; i < 50; i++) {
        ls = ok(c.run(p, "exec", "-T", "--index", "2", "worker", "ls", "/shared"));
        if (ls.out().trim().split("\\s+").length == 3) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(ls.out().trim().split("\\s+")).as(c.name()).hasSize(3);
      ok(c.run(p, "up", "-d", "--scale", "worker=1"));
      assertThat(running(name)).as(c.name()).containsExactly("worker 1 running");
      ok(c.run(p, "down", "-v", "-t", "1"));
      assertThat(ok(Cmd.docker(daemon, "volume", "ls", "-q")).out()).as(c.name())
          .doesNotContain(name + "_data");
    }
  }

  /** A service under a profile starts only when its profile is enabled. */
  @Test
  @Timeout(300)
  void profiles() throws Exception {
    for (Client c : clients()) {
      String name = "profiled-" + c;
      Path p = project(name, PROFILED);
      // docker-compose 1.29 lists the services of every profile; Compose v2 the active ones
      assertThat(ok(c.run(p, "config", "--services")).out().trim()).as(c.name())
          .isEqualTo(c.name().equals("v1") ? "always\ndebug" : "always");
      ok(c.run(p, "up", "-d"));
      assertThat(running(name)).as(c.name()).containsExactly("always 1 running");
      ok(c.run(p, "--profile", "debug", "up", "-d"));
      assertThat(running(name)).as(c.name()).containsExactly("always 1 running",
          "debug 1 running");
      ok(c.run(p, "--profile", "debug", "down", "-t", "1"));
      assertThat(running(name)).as(c.name()).isEmpty();
    }
  }

  /** build.args reach the Dockerfile's ARG, interpolated from .env. */
  @Test
  @Timeout(300)
  void buildWithArgs() throws Exception {
    for (Client c : clients()) {
      String name = "built-" + c;
      Path p = builtProject(name);
      ok(c.run(p, "up", "--no-color"));
      assertThat(lastLine(ok(c.run(p, "logs", "--no-log-prefix", "app")))).as(c.name())
          .isEqualTo("built with args");
      String image = name + c.sep() + "app";
      assertThat(ok(Cmd.docker(daemon, "image", "inspect", image)).code()).isZero();
      ok(c.run(p, "down", "--rmi", "local"));
      assertThat(Cmd.docker(daemon, "image", "inspect", image).code()).as(c.name())
          .isNotZero();
      assertThat(Cmd.docker(daemon, "image", "inspect", "busybox:latest").code())
          .as(c.name() + ": --rmi local leaves the tagged base image").isZero();
    }
  }

  /** External network and volume are used as they are, and left alone by down. */
  @Test
  @Timeout(300)
  void externalNetworksAndVolumes() throws Exception {
    for (Client c : clients()) {
      ok(Cmd.docker(daemon, "network", "create", "extnet"));
      ok(Cmd.docker(daemon, "volume", "create", "extvol"));
      String name = "external-" + c;
      Path p = project(name, EXTERNAL);
      ok(c.run(p, "up"));
      JsonNode user = inspect(c.container(name, "user", 1));
      assertThat(user.path("NetworkSettings").path("Networks").has("extnet")).as(c.name())
          .isTrue();
      ok(c.run(p, "down", "-v"));
      assertThat(ok(Cmd.docker(daemon, "network", "inspect", "extnet")).code()).isZero();
      Cmd.Result read = ok(Cmd.docker(daemon, "run", "--rm", "-v", "extvol:/v",
          "busybox:latest", "cat", "/v/file"));
      assertThat(read.out().trim()).as(c.name()).isEqualTo("kept");
      ok(Cmd.docker(daemon, "network", "rm", "extnet"));
      ok(Cmd.docker(daemon, "volume", "rm", "extvol"));
    }
  }

  /** A file secret is mounted read-only at /run/secrets/NAME; run --rm passes -e. */
  @Test
  @Timeout(300)
  void secretsAndRun() throws Exception {
    for (Client c : clients()) {
      String name = "secret-" + c;
      Path p = secretProject(name);
      Cmd.Result run = ok(c.run(p, "run", "--rm", "-T", "-e", "X=from-run", "reader", "sh",
          "-c", "cat /run/secrets/token; echo $X; touch /run/secrets/token 2>/dev/null || echo ro"));
      assertThat(run.out()).as(c.name()).contains("s3cr3t", "from-run", "ro");
      assertThat(ok(Cmd.docker(daemon, "ps", "-aq", "--filter",
          "label=com.docker.compose.oneoff=True")).out()).as(c.name()).isBlank();
      ok(c.run(p, "up"));
      assertThat(lastLine(ok(c.run(p, "logs", "--no-log-prefix", "reader")))).as(c.name())
          .isEqualTo("s3cr3t");
      ok(c.run(p, "down"));
    }
  }

  /** Secrets from the environment and configs from content are copied in (Compose v2 only). */
  @Test
  void secretsFromEnvironmentAndConfigsFromContent() throws Exception {
    Path p = project("injected", """
        services:
          app:
            image: busybox:latest
            command: ["sh", "-c", "cat /run/secrets/key; echo; cat /etc/app.conf; echo; stat -c %a /run/secrets/key"]
            secrets: [{source: key, mode: 0400}]
            configs: [{source: conf, target: /etc/app.conf}]
        secrets:
          key: {environment: INJECTED_KEY}
        configs:
          conf: {content: "level=${LEVEL:-3}"}
        """);
    Files.writeString(p.resolve(".env"), "INJECTED_KEY=k3y\n");
    ok(berth(p, "up"));
    assertThat(ok(berth(p, "logs", "--no-log-prefix", "app")).out())
        .isEqualTo("k3y\nlevel=3\n400\n");
    ok(berth(p, "down"));
  }

  private static final String COMMANDS = """
      services:
        web:
          image: busybox:latest
          command: ["sh", "-c", "mkdir -p /www && echo hi > /www/index.html && exec httpd -f -p 80 -h /www"]
          stop_signal: SIGKILL
          ports: ["127.0.0.1::80"]
          healthcheck:
            test: ["CMD-SHELL", "timeout 2 wget -q -O /dev/null http://127.0.0.1/"]
            interval: 1s
            retries: 30
        side:
          image: busybox:latest
          command: ["sleep", "300"]
          stop_signal: SIGKILL
          depends_on: [web]
        ticker:
          image: busybox:latest
          command: ["sh", "-c", "for i in 1 2 3; do echo tick $$i; done"]
      """;

  /** The commands of the list, one after the other on one project. */
  @Test
  @Timeout(300)
  void everyCommandOnOneProject() throws Exception {
    Path p = project("cmds", COMMANDS);
    try {
      ok(berth(p, "up", "-d", "--wait", "web", "side"));
      assertThat(running("cmds")).containsExactly("side 1 running", "web 1 running");
      assertThat(inspect("cmds-web-1").path("State").path("Health").path("Status").asText())
          .isEqualTo("healthy");
      assertThat(ok(berth(p, "port", "web", "80")).out().trim()).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(ok(berth(p, "top", "web")).out()).contains("httpd");
      assertThat(ok(berth(p, "images")).out()).contains("busybox");
      assertThat(ok(berth(p, "ls")).out()).containsPattern("cmds\\s+running\\(2\\)");
      Files.writeString(dir.resolve("to-copy"), "copied\n");
      ok(berth(p, "cp", dir.resolve("to-copy").toString(), "web:/tmp/x"));
      assertThat(ok(berth(p, "exec", "-T", "web", "cat", "/tmp/x")).out()).isEqualTo("copied\n");
      ok(berth(p, "cp", "web:/tmp/x", dir.resolve("copied-back").toString()));
      assertThat(Files.readString(dir.resolve("copied-back"))).isEqualTo("copied\n");
      ok(berth(p, "pause", "side"));
      assertThat(running("cmds")).contains("side 1 paused");
      ok(berth(p, "unpause", "side"));
      assertThat(running("cmds")).contains("side 1 running");

      Path events = dir.resolve("events.out");
      List<String> eventsCmd = new ArrayList<>(List.of(Berthd.java(), "-cp",
          System.getProperty("java.class.path"), "io.berth.cli.Main", "compose", "-f",
          p.resolve("compose.yaml").toString(), "events", "--json"));
      ProcessBuilder pb = new ProcessBuilder(eventsCmd).redirectOutput(events.toFile())
          .redirectErrorStream(true);
      pb.environment().put("BERTH_HOST", daemon.host());
      Process watcher = pb.start();
      try {
        Thread.sleep(2000); // the events stream is open before the restart
        String side = inspect("cmds-side-1").path("Id").asText();
        ok(berth(p, "restart", "side"));
        for (int i = 0; i < 50 && !Files.readString(events).contains("\"restart\""); i++) {
          Thread.sleep(200);
        }
        assertThat(Files.readString(events)).contains("\"action\":\"restart\"",
            "\"service\":\"side\"", "\"id\":\"" + side + "\"");
      } finally {
        watcher.destroy();
      }

      ok(berth(p, "kill", "-s", "SIGKILL", "side"));
      assertThat(running("cmds")).contains("side 1 exited");
      ok(berth(p, "start", "side"));
      assertThat(running("cmds")).contains("side 1 running");
      String web = inspect("cmds-web-1").path("Id").asText();
      String side = inspect("cmds-side-1").path("Id").asText();
      ok(berth(p, "up", "-d", "--force-recreate", "--no-deps", "web"));
      assertThat(inspect("cmds-web-1").path("Id").asText()).isNotEqualTo(web);
      assertThat(inspect("cmds-side-1").path("Id").asText()).isEqualTo(side);
      ok(berth(p, "stop", "side"));
      assertThat(running("cmds")).contains("side 1 exited");
      ok(berth(p, "rm", "-f", "side"));
      assertThat(running("cmds")).containsExactly("web 1 running");

      // attached up: each line after its container's coloured prefix
      Cmd.Result attached = ok(berth(p, "--ansi", "always", "up", "ticker"));
      assertThat(attached.out()).contains("ticker-1  | \u001b[0mtick 3")
          .containsPattern("\u001b\\[[0-9;]+mticker-1  \\| ");
      assertThat(ok(berth(p, "wait", "ticker")).out()).contains("exited with code 0");
      assertThat(ok(berth(p, "logs", "--no-log-prefix", "--tail", "1", "ticker")).out())
          .isEqualTo("tick 3\n");
      assertThat(ok(berth(p, "logs", "--no-log-prefix", "--since", "10m", "-f", "ticker"))
          .out()).isEqualTo("tick 1\ntick 2\ntick 3\n");
      assertThat(ok(berth(p, "logs", "--since", "2099-01-01T00:00:00Z", "ticker")).out())
          .isBlank();

      Files.writeString(p.resolve("compose.yaml"), COMMANDS.substring(0,
          COMMANDS.indexOf("  side:")));
      ok(berth(p, "up", "-d", "--remove-orphans"));
      assertThat(running("cmds")).containsExactly("web 1 running");
    } finally {
      ok(berth(p, "down", "-v", "--remove-orphans", "-t", "0"));
    }
    assertThat(running("cmds")).isEmpty();
  }

  /**
   * Where a dockerd is named, every project gives the same {@code ps}, {@code logs} and
   * {@code config} answers there as on berthd.
   */
  @Test
  @Timeout(600) // six projects on two daemons, one after the other
  void sameAnswersAsARealDockerd() throws Exception {
    String reference = System.getenv("BERTH_E2E_REFERENCE_DOCKER_HOST");
    assumeTrue(reference != null && !reference.isEmpty(),
        "BERTH_E2E_REFERENCE_DOCKER_HOST names no reference dockerd");
    record Case(Path project, List<String> global, List<String> up, List<String> oneShots) {}
    List<String> up = List.of("up", "-d");
    List<Case> cases = List.of(
        new Case(project("ref-web", WEB), List.of(), up, List.of("client")),
        new Case(project("ref-scaled", SCALED), List.of(), cat(up, "--scale", "worker=3"),
            List.of()),
        new Case(project("ref-profiled", PROFILED), List.of("--profile", "debug"), up,
            List.of()),
        new Case(builtProject("ref-built"), List.of(), up, List.of("app")),
        new Case(project("ref-external", EXTERNAL), List.of(), up, List.of("user")),
        new Case(secretProject("ref-secret"), List.of(), up, List.of("reader")));
    for (Case k : cases) {
      String name = k.project().getFileName().toString();
      List<String> answers = new ArrayList<>();
      for (String host : List.of(daemon.host(), reference)) {
        List<String> docker = List.of(Cmd.dockerBinary(), "-H", host);
        if (host.equals(reference)) { // again for each project: the reference dockerd is shared
          ok(Cmd.run(Map.of(), null, cat(docker, "load", "-i",
              dir.resolve("busybox.tar").toString())));
        }
        if (name.equals("ref-external")) {
          ok(Cmd.run(Map.of(), null, cat(docker, "network", "create", "extnet")));
          ok(Cmd.run(Map.of(), null, cat(docker, "volume", "create", "extvol")));
        }
        try {
          ok(berth(host, k.project(), cat(k.global(), k.up().toArray(String[]::new))
              .toArray(String[]::new)));
          for (String oneShot : k.oneShots()) {
            ok(Cmd.run(Map.of(), null, cat(docker, "wait", name + "-" + oneShot + "-1")));
          }
          StringBuilder a = new StringBuilder();
          a.append(states(ok(berth(host, k.project(), cat(k.global(), "ps", "-a", "--format",
              "json").toArray(String[]::new))))).append('\n');
          for (String service : ok(berth(host, k.project(), cat(k.global(), "config",
              "--services").toArray(String[]::new))).out().split("\n")) {
            a.append(ok(berth(host, k.project(), cat(k.global(), "logs", "--no-color",
                service).toArray(String[]::new))).out()).append('\n');
          }
          a.append(ok(berth(host, k.project(), cat(k.global(), "config")
              .toArray(String[]::new))).out());
          answers.add(a.toString());
        } finally {
          berth(host, k.project(), cat(k.global(), "down", "-v", "--rmi", "local", "-t", "1")
              .toArray(String[]::new));
          if (name.equals("ref-external")) {
            Cmd.run(Map.of(), null, cat(docker, "network", "rm", "extnet"));
            Cmd.run(Map.of(), null, cat(docker, "volume", "rm", "extvol"));
          }
        }
      }
      assertThat(answers.get(1)).as(name + " on the reference dockerd").isEqualTo(answers.get(0));
    }
  }

  /** The output's last line: docker-compose 1.29's logs begin with "Attaching to …". */
  static String lastLine(Cmd.Result r) {
    List<String> lines = r.out().strip().lines().toList();
    return lines.isEmpty() ? "" : lines.getLast();
  }

  static List<String> cat(List<String> a, String... b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(List.of(b));
    return out;
  }

  static JsonNode inspect(String name) throws Exception {
    return Json.MAPPER.readTree(ok(Cmd.docker(daemon, "inspect", name)).out()).get(0);
  }
}
