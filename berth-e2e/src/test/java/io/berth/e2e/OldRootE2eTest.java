package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: containers whose metadata berth 1.6 wrote (the {@code config.v2.json} and
 * {@code hostconfig.json} of berth-engine's {@code store/berth-1.6-root} fixture, ADR 0139)
 * load and start in today's berthd. The fixture has no layers: each of its containers is
 * created here once for its rootfs, then its files are replaced by 1.6's, with the id and the
 * root's paths rewritten.
 */
class OldRootE2eTest {
  @TempDir Path dir;

  @BeforeAll
  static void prerequisites() {
    Prerequisites.assumeContainers();
  }

  @Test
  void containersWrittenByBerth16StartWithTheirSettings() throws Exception {
    Path fixture = Images.repoRoot()
        .resolve("berth-engine/src/test/resources/store/berth-1.6-root/containers");
    Path bindSource = Files.createDirectories(dir.resolve("bindsrc"));
    Map<String, String> ids = new java.util.LinkedHashMap<>();
    try (Berthd d = Berthd.start(dir)) {
      Images.loadBusybox(d, dir);
      for (String v : List.of("fxvol", "fxvol2")) {
        assertThat(Cmd.docker(d, "volume", "create", v).code()).isZero();
      }
      for (Path c : list(fixture)) {
        String name = name(c);
        Cmd.Result r = Cmd.docker(d, "create", "--name", name, "busybox", "true");
        assertThat(r.code()).as(r.all()).isZero();
        ids.put(c.getFileName().toString(), r.out().trim());
      }
    }
    for (Path c : list(fixture)) {
      String oldId = c.getFileName().toString();
      Path target = dir.resolve("root/containers").resolve(ids.get(oldId));
      for (String f : List.of("config.v2.json", "hostconfig.json")) {
        String text = Files.readString(c.resolve(f));
        for (var e : ids.entrySet()) {
          text = text.replace(e.getKey(), e.getValue());
        }
        text = text.replace("/tmp/arch-fx/root", dir.resolve("root").toString())
            .replace("/tmp/arch-fx/bindsrc", bindSource.toString())
            .replace("\"HostPort\" : \"18086\"", "\"HostPort\" : \"\"");
        Files.writeString(target.resolve(f), text);
      }
    }
    try (Berthd d = Berthd.start(dir)) {
      try {
        check(d);
      } finally {
        removeAll(d);
      }
    }
  }

  private static void check(Berthd d) throws Exception {
    Cmd.Result ps = Cmd.docker(d, "ps", "-a", "--no-trunc", "--format",
        "{{.Names}} {{.Command}}");
    assertThat(ps.out()).contains("fx-created \"sleep 1000\"", "fx-running \"sleep 1000\"",
        "fx-stopped \"sh -c 'exit 3'\"", "fx-mounts \"/bin/sh -c 'sleep 1000'\"");
    for (String n : List.of("fx-created", "fx-running", "fx-mounts")) {
      Cmd.Result start = Cmd.docker(d, "start", n);
      assertThat(start.code()).as(n + ": " + start.all()).isZero();
    }
    assertThat(Cmd.docker(d, "exec", "fx-running", "sh", "-c",
        "test -d /data && test -d /src && ! touch /src/x 2>/dev/null && grep -q /scratch"
        + " /proc/mounts && echo ok").out().trim()).isEqualTo("ok");
    assertThat(Cmd.docker(d, "exec", "fx-created", "sh", "-c", "echo $A").out().trim())
        .isEqualTo("1");
    assertThat(Cmd.docker(d, "exec", "fx-mounts", "sh", "-c",
        "grep -c ' /v2 \\| /run ' /proc/mounts; id -u").out().trim()).isEqualTo("2\n0");
    Cmd.Result exited = Cmd.docker(d, "start", "-a", "fx-stopped");
    assertThat(exited.code()).isEqualTo(3);
    assertThat(Cmd.docker(d, "inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}"
        + " {{.HostConfig.RestartPolicy.MaximumRetryCount}} {{.HostConfig.ExtraHosts}}"
        + " {{.HostConfig.Dns}} {{.Config.WorkingDir}} {{.Config.Hostname}}",
        "fx-stopped").out().trim())
        .isEqualTo("on-failure 3 [db:10.1.1.1] [10.9.9.9] /tmp fxhost");
    assertThat(Cmd.docker(d, "inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}"
        + " {{index .Config.Labels \"tier\"}} {{.Config.Healthcheck.Test}}", "fx-running")
        .out().trim()).isEqualTo("always web [CMD-SHELL true]");
  }

  /** Removes every container, again while one is being restarted by its policy. */
  private static void removeAll(Berthd d) throws Exception {
    for (int i = 0; i < 20; i++) {
      String ids = Cmd.docker(d, "ps", "-aq").out().trim();
      if (ids.isEmpty()) {
        return;
      }
      List<String> rm = new java.util.ArrayList<>(List.of("rm", "-f"));
      rm.addAll(List.of(ids.split("\\s+")));
      Cmd.docker(d, rm.toArray(String[]::new));
      Thread.sleep(250);
    }
    assertThat(Cmd.docker(d, "ps", "-aq").out().trim()).as("containers left").isEmpty();
  }

  private static List<Path> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static String name(Path container) throws Exception {
    String text = Files.readString(container.resolve("config.v2.json"));
    int at = text.indexOf("\"Name\" : \"/") + "\"Name\" : \"/".length();
    return text.substring(at, text.indexOf('"', at));
  }
}
