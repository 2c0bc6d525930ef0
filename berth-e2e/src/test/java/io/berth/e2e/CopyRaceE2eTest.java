package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4, issue 14: {@code docker cp} raced by its container (CVE-2018-15664). The container
 * swaps a directory and a symlink to a host directory in a tight loop with
 * renameat2(RENAME_EXCHANGE) while docker-py copies into, out of and over that directory,
 * 2000 times each way. Nothing may be written to, read from or deleted in the host directory.
 */
class CopyRaceE2eTest {
  private static final int ROUNDS = 2000;
  private static final String SECRET = "host-secret-7f3a";

  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    assumeTrue(Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", "import docker"))
        .code() == 0, "docker-py (python3-docker) is not installed");
    daemon = Berthd.start(dir.resolve("d"));
    Images.loadBusybox(daemon, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void aContainerSwappingItsDirectoriesNeverReachesTheHost() throws Exception {
    Path tools = dir.resolve("tools");
    StaticTool.build("race/swap.c", tools, "swap");
    Path host = Files.createDirectories(dir.resolve("host"));
    Files.writeString(host.resolve("secret"), SECRET);
    Files.createDirectories(host.resolve("x"));
    Files.writeString(host.resolve("x/keep"), "keep");

    Cmd.Result run = Cmd.docker(daemon, "run", "-d", "--name", "racer", "-v", tools + ":/tools:ro",
        "busybox", "sh", "-c", "mkdir -p /w/d/x && echo container > /w/d/secret"
            + " && ln -s " + host + " /w/l && exec /tools/swap /w/d /w/l");
    assertThat(run.code()).as(run.all()).isZero();
    try {
      Cmd.Result r = Cmd.run(Map.of(), null, List.of("/usr/bin/python3",
          StaticTool.copy("race/cp_race.py", tools).toString(), daemon.host(), "racer",
          String.valueOf(ROUNDS), SECRET));
      assertThat(r.code()).as(r.all()).isZero();
      String[] counts = r.out().strip().split(" ");
      int put = Integer.parseInt(counts[0]);
      int got = Integer.parseInt(counts[1]);
      System.out.printf("cp race: %d rounds, %d copies in and %d out succeeded, %s host reads,"
          + " errors by status %s%n", ROUNDS, put, got, counts[2], counts[3]);
      assertThat(Integer.parseInt(counts[2])).as("reads of the host's file").isZero();
      // the copies did run against the swapping directory, not only into 404s
      assertThat(put).as("copies in that succeeded").isGreaterThan(ROUNDS / 20);
      assertThat(got).as("copies out that succeeded").isGreaterThan(ROUNDS / 20);
    } finally {
      Cmd.docker(daemon, "rm", "-f", "racer");
    }
    try (Stream<Path> s = Files.walk(host)) {
      assertThat(s.map(p -> host.relativize(p).toString()).sorted().toList())
          .as("the host directory after the race").containsExactly("", "secret", "x", "x/keep");
    }
    assertThat(host.resolve("secret")).hasContent(SECRET);
    assertThat(host.resolve("x/keep")).hasContent("keep");
  }
}
