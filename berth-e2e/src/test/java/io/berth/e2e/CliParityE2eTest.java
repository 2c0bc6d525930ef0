package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: the berth CLI answers as the docker CLI does — same exit code, same stdout, same
 * stderr — for the same commands against the same berthd, row by row; ids that differ between
 * the two runs are replaced by {@code <id>}.
 */
class CliParityE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    daemon = Berthd.start(dir.resolve("d"), "--bridge", "none");
    Images.loadBusybox(daemon, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  /** One row: what to make before each CLI's run (a stopped container, or nothing), and args. */
  record Row(boolean stoppedContainer, List<String> args) {}

  static final List<Row> ROWS = List.of(
      new Row(false, List.of("system", "prune", "-f")),
      new Row(true, List.of("system", "prune", "-f")),
      new Row(true, List.of("system", "prune", "-f", "--volumes", "--filter", "until=1h")),
      new Row(false, List.of("system", "events", "--since", "1", "--until", "2")),
      new Row(false, List.of("image", "prune", "-f", "--filter", "until=24h")),
      new Row(false, List.of("rm", "no-such-container")),
      new Row(false, List.of("stop", "no-such-container")),
      // failures: daemon errors, usage errors (125), a missing or unrunnable command (127/126)
      new Row(false, List.of("start", "no-such-container")),
      new Row(false, List.of("kill", "no-such-container")),
      new Row(false, List.of("logs", "no-such-container")),
      new Row(false, List.of("inspect", "no-such-container")),
      new Row(false, List.of("rmi", "no-such-image")),
      new Row(false, List.of("image", "inspect", "no-such-image")),
      new Row(false, List.of("volume", "rm", "no-such-volume")),
      new Row(false, List.of("volume", "inspect", "no-such-volume")),
      new Row(false, List.of("network", "rm", "no-such-network")),
      new Row(false, List.of("network", "inspect", "no-such-network")),
      new Row(false, List.of("ps", "--no-such-flag")),
      new Row(false, List.of("run", "--memory", "lots", "busybox", "true")),
      new Row(false, List.of("run", "--rm", "--network", "none", "busybox", "no-such-cmd")),
      new Row(false, List.of("run", "--rm", "--network", "none", "busybox", "/etc")));

  @Test
  void bothClisAnswerAlikeRowByRow() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    for (Row row : ROWS) {
      Cmd.Result docker = run(row, true);
      Cmd.Result berth = run(row, false);
      String what = String.join(" ", row.args());
      soft.assertThat(berth.code()).as(what + "\ndocker: " + docker.all() + "\nberth: " + berth.all())
          .isEqualTo(docker.code());
      soft.assertThat(berth.out()).as(what + " stdout").isEqualTo(docker.out());
      // the program's own name is the one difference allowed ("See 'docker ps --help'.")
      soft.assertThat(berth.err().replace("berth", "docker")).as(what + " stderr")
          .isEqualTo(docker.err());
    }
    soft.assertAll();
  }

  private static Cmd.Result run(Row row, boolean docker) throws Exception {
    String id = null;
    if (row.stoppedContainer()) {
      Cmd.Result c = Cmd.docker(daemon, "create", "--network", "none", "busybox", "true");
      assertThat(c.code()).as(c.all()).isZero();
      id = c.out().strip();
    }
    Cmd.Result r;
    if (docker) {
      r = Cmd.docker(daemon, row.args().toArray(String[]::new));
    } else {
      List<String> args = new java.util.ArrayList<>(List.of("-H", daemon.host()));
      args.addAll(row.args());
      r = Cmd.berth(Map.of("DOCKER_CONFIG", daemon.dir.resolve("docker-config").toString()),
          args.toArray(String[]::new));
    }
    return id == null ? r : new Cmd.Result(r.code(), r.out().replace(id, "<id>"),
        r.err().replace(id, "<id>"));
  }
}
