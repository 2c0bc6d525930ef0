package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: {@code berth context} and the docker CLI share one context store (the docker config
 * directory's {@code contexts/meta} and {@code currentContext}): a context made by one CLI is
 * listed, inspected and used by the other, and both answer alike.
 */
class ContextsE2eTest {
  @TempDir Path dir;

  private Map<String, String> env() {
    return Map.of("DOCKER_CONFIG", dir.resolve("config").toString(), "DOCKER_HOST", "",
        "BERTH_HOST", "", "DOCKER_CONTEXT", "");
  }

  private Cmd.Result docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Cmd.dockerBinary()));
    cmd.addAll(List.of(args));
    return Cmd.run(env(), null, cmd);
  }

  private Cmd.Result berth(String... args) throws Exception {
    return Cmd.berth(env(), args);
  }

  @Test
  void contextsMadeByEitherCliServeTheOther() throws Exception {
    Prerequisites.assumeContainers();
    try (Berthd d = Berthd.start(dir.resolve("d"), "--bridge", "none")) {
      Cmd.Result byBerth = berth("context", "create", "made-by-berth", "--description", "one",
          "--docker", "host=" + d.host());
      Cmd.Result byDocker = docker("context", "create", "made-by-docker", "--description", "one",
          "--docker", "host=" + d.host());
      assertThat(byBerth.code()).as(byBerth.all()).isZero();
      assertThat(byDocker.code()).as(byDocker.all()).isZero();
      assertThat(byBerth.out().replace("berth", "docker")).isEqualTo(byDocker.out());
      assertThat(byBerth.err().replace("berth", "docker")).isEqualTo(byDocker.err());

      for (String name : List.of("made-by-berth", "made-by-docker")) {
        Cmd.Result b = berth("context", "inspect", name, "--format", "{{.Endpoints.docker.Host}}");
        Cmd.Result k = docker("context", "inspect", name, "--format",
            "{{.Endpoints.docker.Host}}");
        assertThat(b.out()).as(b.all()).isEqualTo(k.out()).isEqualTo(d.host() + "\n");
      }
      String dockerLs = docker("context", "ls").out();
      String berthLs = berth("context", "ls").out();
      for (String name : List.of("made-by-berth", "made-by-docker")) {
        assertThat(line(berthLs, name)).isEqualTo(line(dockerLs, name)).contains(d.host());
      }
      for (String format : List.of("json", "{{.Name}} {{.Current}} {{.DockerEndpoint}}")) {
        List<String> b = berth("context", "ls", "--format", format).out().lines()
            .filter(l -> l.contains("made-by")).toList();
        List<String> k = docker("context", "ls", "--format", format).out().lines()
            .filter(l -> l.contains("made-by")).toList();
        assertThat(b).hasSize(2).isEqualTo(k);
      }

      // docker makes berth's context current: berth then reaches the daemon through it
      Cmd.Result use = docker("context", "use", "made-by-berth");
      assertThat(use.code()).as(use.all()).isZero();
      Cmd.Result ps = berth("ps", "-q");
      assertThat(ps.code()).as(ps.all()).isZero();
      assertThat(line(berth("context", "ls").out(), "made-by-berth")).startsWith("made-by-berth *");
      // and the other way round
      Cmd.Result berthUse = berth("context", "use", "made-by-docker");
      assertThat(berthUse.out()).isEqualTo("made-by-docker\n");
      assertThat(berthUse.err()).isEqualTo("Current context is now \"made-by-docker\"\n");
      Cmd.Result dockerPs = docker("ps", "-q");
      assertThat(dockerPs.code()).as(dockerPs.all()).isZero();
      assertThat(Files.readString(dir.resolve("config/config.json")))
          .contains("\"currentContext\" : \"made-by-docker\"");

      Cmd.Result missingB = berth("context", "rm", "nosuch");
      Cmd.Result missingD = docker("context", "rm", "nosuch");
      assertThat(missingB.code()).isEqualTo(missingD.code()).isEqualTo(1);
      assertThat(missingB.err()).isEqualTo(missingD.err())
          .isEqualTo("context \"nosuch\" does not exist\n");

      assertThat(berth("context", "use", "default").code()).isZero();
      assertThat(berth("context", "rm", "made-by-docker").out()).isEqualTo("made-by-docker\n");
      assertThat(docker("context", "ls", "-q").out()).isEqualTo("default\nmade-by-berth\n");
    }
  }

  private static String line(String table, String name) {
    return table.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("").strip();
  }
}
