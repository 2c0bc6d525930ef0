package io.berth.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {
  @TempDir Path dir;

  Project load(Map<String, String> env, String... files) {
    return ProjectLoader.load(new ProjectLoader.Options(List.of(files), null, null, List.of(),
        List.of(), env, dir));
  }

  void write(String name, String text) throws Exception {
    Files.createDirectories(dir.resolve(name).getParent());
    Files.writeString(dir.resolve(name), text);
  }

  @Test
  void shortSyntaxesBecomeLongOnesAndPathsAbsolute() throws Exception {
    write("app/compose.yaml", """
        services:
          web:
            build: ./web
            command: sh -c 'echo "hi there"'
            environment: [A=1, B]
            ports: ["127.0.0.1:8080:80", "9000-9001:90-91/udp"]
            volumes: ["./data:/data:ro", "cache:/cache", "/anon"]
            depends_on: [db]
          db:
            image: busybox
            healthcheck: {test: "true", interval: 1s}
        volumes:
          cache:
        """);
    Project p = ProjectLoader.load(new ProjectLoader.Options(List.of(), null, null, List.of(),
        List.of(), Map.of("B", "from-env"), dir.resolve("app")));
    assertThat(p.name()).isEqualTo("app");
    var web = p.service("web");
    assertThat(web.path("build").path("context").asText()).isEqualTo(dir.resolve("app/web").toString());
    assertThat(web.path("command").toString()).isEqualTo("[\"sh\",\"-c\",\"echo \\\"hi there\\\"\"]");
    assertThat(web.path("environment").toString()).isEqualTo("{\"A\":\"1\",\"B\":\"from-env\"}");
    assertThat(web.path("ports").get(0).toString()).isEqualTo(
        "{\"mode\":\"ingress\",\"host_ip\":\"127.0.0.1\",\"target\":80,\"published\":\"8080\",\"protocol\":\"tcp\"}");
    assertThat(web.path("ports").get(2).path("published").asText()).isEqualTo("9001");
    assertThat(web.path("ports").get(2).path("protocol").asText()).isEqualTo("udp");
    assertThat(web.path("volumes").get(0).path("source").asText()).isEqualTo(dir.resolve("app/data").toString());
    assertThat(web.path("volumes").get(0).path("read_only").asBoolean()).isTrue();
    assertThat(web.path("volumes").get(1).path("type").asText()).isEqualTo("volume");
    assertThat(web.path("volumes").get(2).has("source")).isFalse();
    assertThat(web.path("depends_on").path("db").path("condition").asText()).isEqualTo("service_started");
    assertThat(web.path("networks").has("default")).isTrue();
    assertThat(p.model().path("networks").path("default").path("name").asText()).isEqualTo("app_default");
    assertThat(p.model().path("volumes").path("cache").path("name").asText()).isEqualTo("app_cache");
    assertThat(p.service("db").path("healthcheck").path("test").toString()).isEqualTo("[\"CMD-SHELL\",\"true\"]");
    assertThat(p.selection(List.of("web"), false)).containsExactly("db", "web");
    assertThat(p.selection(List.of("web"), true)).containsExactly("web");
  }

  @Test
  void interpolationUsesTheEnvironmentOverDotEnv() throws Exception {
    write(".env", "TAG=from-dotenv\nPORT=80\nCOMPOSE_PROJECT_NAME=fromdotenv\n");
    write("compose.yaml", """
        services:
          web:
            image: "busybox:${TAG}"
            command: ["echo", "$${NOT}", "${MISSING:-dflt}", "${EMPTY-unset-only}", "${PORT:+set}"]
            labels:
              x: "${TAG:-${PORT}}"
        """);
    Project p = load(Map.of("TAG", "env", "EMPTY", ""), "compose.yaml");
    assertThat(p.name()).isEqualTo("fromdotenv");
    assertThat(p.service("web").path("image").asText()).isEqualTo("busybox:env");
    assertThat(p.service("web").path("command").toString())
        .isEqualTo("[\"echo\",\"${NOT}\",\"dflt\",\"\",\"set\"]");
    assertThat(p.service("web").path("labels").path("x").asText()).isEqualTo("env");
  }

  @Test
  void aRequiredVariableNamesItselfAndTheFile() throws Exception {
    write("compose.yaml", "services:\n  web:\n    image: ${IMAGE:?set IMAGE first}\n");
    assertThatThrownBy(() -> load(Map.of(), "compose.yaml")).isInstanceOf(CliException.class)
        .hasMessageContaining("required variable IMAGE is missing a value: set IMAGE first")
        .hasMessageContaining("compose.yaml:3");
  }

  @Test
  void anUnknownKeyIsAnErrorWithFileLineAndKey() throws Exception {
    write("compose.yaml", "services:\n  web:\n    image: busybox\n    imagee: typo\n");
    assertThatThrownBy(() -> load(Map.of(), "compose.yaml"))
        .hasMessage(dir.resolve("compose.yaml") + ":4: services.web additional properties"
            + " 'imagee' not allowed");
  }

  @Test
  void anUnknownNestedKeyIsFoundToo() throws Exception {
    write("compose.yaml", """
        services:
          web:
            image: busybox
            healthcheck:
              tset: ["CMD", "true"]
        """);
    assertThatThrownBy(() -> load(Map.of(), "compose.yaml"))
        .hasMessageContaining(":5: services.web.healthcheck additional properties 'tset'");
  }

  @Test
  void aValueOfTheWrongShapeIsAnErrorWithFileLineAndKey() throws Exception {
    write("compose.yaml", "services:\n  web:\n    image: busybox\n    ports: 8080\n");
    assertThatThrownBy(() -> load(Map.of(), "compose.yaml"))
        .hasMessage(dir.resolve("compose.yaml") + ":4: services.web.ports must be a list");
    write("compose.yaml", "services:\n  web:\n    image: [busybox]\n");
    assertThatThrownBy(() -> load(Map.of(), "compose.yaml"))
        .hasMessageContaining(":3: services.web.image must be a string");
  }

  @Test
  void extensionsAnchorsAndMergeKeys() throws Exception {
    write("compose.yaml", """
        x-common: &common
          image: busybox
          environment:
            SHARED: "yes"
          restart: always
        services:
          a:
            <<: *common
            restart: "no"
          b:
            <<: [*common]
            x-note: extensions are allowed here
        """);
    Project p = load(Map.of(), "compose.yaml");
    assertThat(p.service("a").path("image").asText()).isEqualTo("busybox");
    assertThat(p.service("a").path("restart").asText()).isEqualTo("no");
    assertThat(p.service("b").path("restart").asText()).isEqualTo("always");
    assertThat(p.service("b").path("environment").path("SHARED").asText()).isEqualTo("yes");
    assertThat(p.model().has("x-common")).isTrue();
  }

  @Test
  void overrideFilesMergeByTheSpecsRules() throws Exception {
    write("compose.yaml", """
        services:
          web:
            image: busybox
            command: ["sleep", "1"]
            environment: {A: "1", B: "2"}
            ports: ["8080:80"]
            volumes: ["./a:/data"]
            cap_add: [NET_ADMIN]
        """);
    write("compose.override.yaml", """
        services:
          web:
            command: ["sleep", "2"]
            environment: [B=3, C=4]
            ports: ["8081:81"]
            volumes: ["./b:/data"]
            cap_add: [NET_ADMIN, SYS_TIME]
        """);
    Project p = load(Map.of());
    var web = p.service("web");
    assertThat(p.configFiles()).hasSize(2);
    assertThat(web.path("command").toString()).isEqualTo("[\"sleep\",\"2\"]");
    assertThat(web.path("environment").toString()).isEqualTo("{\"A\":\"1\",\"B\":\"3\",\"C\":\"4\"}");
    assertThat(web.path("ports")).hasSize(2);
    assertThat(web.path("volumes")).hasSize(1);
    assertThat(web.path("volumes").get(0).path("source").asText()).endsWith("/b");
    assertThat(web.path("cap_add").toString()).isEqualTo("[\"NET_ADMIN\",\"SYS_TIME\"]");
  }

  @Test
  void profilesHideServicesUntilEnabled() throws Exception {
    write("compose.yaml", """
        services:
          web: {image: busybox}
          debug: {image: busybox, profiles: [debug]}
        """);
    assertThat(load(Map.of(), "compose.yaml").services()).containsOnlyKeys("web");
    assertThat(load(Map.of("COMPOSE_PROFILES", "debug"), "compose.yaml").services())
        .containsOnlyKeys("web", "debug");
  }

  @Test
  void projectNameRules() throws Exception {
    write("My Dir/compose.yaml", "services:\n  web: {image: busybox}\n");
    Path cwd = dir.resolve("My Dir");
    var o = new ProjectLoader.Options(List.of(), null, null, List.of(), List.of(), Map.of(), cwd);
    assertThat(ProjectLoader.load(o).name()).isEqualTo("mydir");
    var named = new ProjectLoader.Options(List.of(), "Bad Name", null, List.of(), List.of(),
        Map.of(), cwd);
    assertThatThrownBy(() -> ProjectLoader.load(named)).hasMessageContaining("invalid project name");
    write("n/compose.yaml", "name: fromfile\nservices:\n  web: {image: busybox}\n");
    var fromFile = new ProjectLoader.Options(List.of(), null, null, List.of(), List.of(), Map.of(),
        dir.resolve("n"));
    assertThat(ProjectLoader.load(fromFile).name()).isEqualTo("fromfile");
    var flag = new ProjectLoader.Options(List.of(), "flag", null, List.of(), List.of(),
        Map.of("COMPOSE_PROJECT_NAME", "env"), dir.resolve("n"));
    assertThat(ProjectLoader.load(flag).name()).isEqualTo("flag");
  }

  @Test
  void undefinedReferencesAreErrors() throws Exception {
    write("compose.yaml", "services:\n  web:\n    image: busybox\n    volumes: [\"data:/d\"]\n");
    assertThatThrownBy(() -> load(Map.of(), "compose.yaml"))
        .hasMessageContaining("refers to undefined volume data");
    write("compose.yaml", "services:\n  web:\n    image: busybox\n    depends_on: [db]\n");
    assertThatThrownBy(() -> load(Map.of(), "compose.yaml"))
        .hasMessageContaining("depends on undefined service \"db\"");
  }

  @Test
  void envFilesFeedTheEnvironment() throws Exception {
    write("web.env", "# comment\nexport A=from-file\nB='single $quoted'\nC=\"two\\nlines\"\nD=x #c\n");
    write("compose.yaml", """
        services:
          web:
            image: busybox
            env_file: web.env
            environment:
              A: own
        """);
    var env = load(Map.of(), "compose.yaml").service("web").path("environment");
    assertThat(env.path("A").asText()).isEqualTo("own");
    assertThat(env.path("B").asText()).isEqualTo("single $quoted");
    assertThat(env.path("C").asText()).isEqualTo("two\nlines");
    assertThat(env.path("D").asText()).isEqualTo("x");
  }
}
