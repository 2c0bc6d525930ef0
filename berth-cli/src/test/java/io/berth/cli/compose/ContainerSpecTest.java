package io.berth.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerSpecTest {
  @TempDir Path dir;

  Project load(String yaml) throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), yaml);
    Files.writeString(dir.resolve("token"), "t");
    return ProjectLoader.load(new ProjectLoader.Options(List.of("compose.yaml"), "proj", null,
        List.of(), List.of(), Map.of(), dir));
  }

  private static final String FILE = """
      services:
        web:
          image: busybox
          command: ["httpd", "-f"]
          environment: {A: "1"}
          ports: ["127.0.0.1:8080:80"]
          expose: ["9000"]
          volumes: ["./site:/www:ro", "data:/data"]
          tmpfs: ["/run:size=1m"]
          secrets: [token]
          networks:
            front: {aliases: [www], ipv4_address: 10.5.0.9}
            back:
          healthcheck: {test: ["CMD", "true"], interval: 1m30s, retries: 3}
          restart: on-failure:2
          deploy: {resources: {limits: {memory: 64m, cpus: "0.5"}}}
          stop_grace_period: 3s
          depends_on: {db: {condition: service_healthy}}
          ulimits: {nofile: 1024}
        db:
          image: busybox
      networks:
        front:
        back:
      volumes:
        data:
      secrets:
        token:
          file: ./token
      """;

  @Test
  void theCreateBodyIsComposeV2s() throws Exception {
    Project p = load(FILE);
    var spec = ContainerSpec.of(p, "web", 1, "proj-web-1", "sha256:abc",
        ContainerSpec.Overrides.NONE, s -> "x");
    var b = spec.body();
    assertThat(b.path("Image").asText()).isEqualTo("busybox");
    assertThat(b.path("Cmd").toString()).isEqualTo("[\"httpd\",\"-f\"]");
    assertThat(b.path("Env").toString()).isEqualTo("[\"A=1\"]");
    var labels = b.path("Labels");
    assertThat(labels.path("com.docker.compose.project").asText()).isEqualTo("proj");
    assertThat(labels.path("com.docker.compose.service").asText()).isEqualTo("web");
    assertThat(labels.path("com.docker.compose.container-number").asText()).isEqualTo("1");
    assertThat(labels.path("com.docker.compose.oneoff").asText()).isEqualTo("False");
    assertThat(labels.path("com.docker.compose.depends_on").asText())
        .isEqualTo("db:service_healthy:false");
    assertThat(labels.path("com.docker.compose.image").asText()).isEqualTo("sha256:abc");
    assertThat(labels.path("com.docker.compose.config-hash").asText()).hasSize(64)
        .isEqualTo(spec.hash());
    assertThat(b.path("ExposedPorts").has("9000/tcp")).isTrue();
    assertThat(b.path("ExposedPorts").has("80/tcp")).isTrue();
    var h = b.path("HostConfig");
    assertThat(h.path("PortBindings").path("80/tcp").toString())
        .isEqualTo("[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}]");
    assertThat(h.path("Binds").toString()).isEqualTo("[\"" + dir.resolve("site")
        + ":/www:ro\",\"proj_data:/data:rw\",\"" + dir.resolve("token")
        + ":/run/secrets/token:ro\"]");
    assertThat(h.path("Tmpfs").path("/run").asText()).isEqualTo("size=1m");
    assertThat(h.path("RestartPolicy").toString())
        .isEqualTo("{\"Name\":\"on-failure\",\"MaximumRetryCount\":2}");
    assertThat(h.path("Memory").asLong()).isEqualTo(64L << 20);
    assertThat(h.path("NanoCpus").asLong()).isEqualTo(500_000_000L);
    assertThat(h.path("Ulimits").toString())
        .isEqualTo("[{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":1024}]");
    assertThat(b.path("StopTimeout").asInt()).isEqualTo(3);
    assertThat(b.path("Healthcheck").path("Interval").asLong()).isEqualTo(90_000_000_000L);
    assertThat(h.path("NetworkMode").asText()).isEqualTo("proj_front");
    var ep = b.path("NetworkingConfig").path("EndpointsConfig").path("proj_front");
    assertThat(ep.path("Aliases").toString()).isEqualTo("[\"web\",\"www\"]");
    assertThat(ep.path("IPAMConfig").path("IPv4Address").asText()).isEqualTo("10.5.0.9");
    assertThat(spec.more()).extracting(ContainerSpec.Attachment::network)
        .containsExactly("proj_back");
  }

  @Test
  void theHashChangesWithTheServiceButNotWithItsScale() throws Exception {
    String a = ContainerSpec.of(load(FILE), "web", 1, "n", null, ContainerSpec.Overrides.NONE,
        s -> "x").hash();
    String scaled = ContainerSpec.of(load(FILE.replace("stop_grace_period: 3s",
        "stop_grace_period: 3s\n    scale: 3")), "web", 1, "n", null,
        ContainerSpec.Overrides.NONE, s -> "x").hash();
    String changed = ContainerSpec.of(load(FILE.replace("A: \"1\"", "A: \"2\"")), "web", 1, "n",
        null, ContainerSpec.Overrides.NONE, s -> "x").hash();
    String db = ContainerSpec.of(load(FILE.replace("A: \"1\"", "A: \"2\"")), "db", 1, "n",
        null, ContainerSpec.Overrides.NONE, s -> "x").hash();
    String db0 = ContainerSpec.of(load(FILE), "db", 1, "n", null, ContainerSpec.Overrides.NONE,
        s -> "x").hash();
    assertThat(scaled).isEqualTo(a);
    assertThat(changed).isNotEqualTo(a);
    assertThat(db).isEqualTo(db0);
  }

  @Test
  void aOneOffTakesItsCommandAndEnvironment() throws Exception {
    var b = ContainerSpec.of(load(FILE), "web", 1, "proj-web-run-1", null,
        new ContainerSpec.Overrides(List.of("echo", "hi"), Map.of("A", "9"), null, true, false,
            false), s -> "x").body();
    assertThat(b.path("Cmd").toString()).isEqualTo("[\"echo\",\"hi\"]");
    assertThat(b.path("Env").toString()).isEqualTo("[\"A=9\"]");
    assertThat(b.path("Labels").path("com.docker.compose.oneoff").asText()).isEqualTo("True");
  }

  @Test
  void secretsFromEnvironmentAndContentAreCopiedInNotBound() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        services:
          app:
            image: busybox
            secrets: [key, {source: key, target: pass, mode: 0400}]
            configs: [conf]
        secrets:
          key: {environment: API_KEY}
        configs:
          conf: {content: "a=1"}
        """);
    Project p = ProjectLoader.load(new ProjectLoader.Options(List.of("compose.yaml"), "proj",
        null, List.of(), List.of(), Map.of("API_KEY", "k3y"), dir));
    var spec = ContainerSpec.of(p, "app", 1, "proj-app-1", null, ContainerSpec.Overrides.NONE,
        s -> "x");
    assertThat(spec.body().path("HostConfig").has("Binds")).isFalse();
    assertThat(spec.files()).extracting(e -> e.name() + "=" + new String(e.data()) + " "
        + Integer.toOctalString(e.mode())).containsExactly("run/secrets/key=k3y 444",
            "run/secrets/pass=k3y 400", "conf=a=1 444");
  }
}
