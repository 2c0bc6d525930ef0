package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
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
 * Tier 4: GNU tar's PAX sparse files over 2 GiB (issue 14), which berth refused with "Unable
 * to parse int" while dockerd takes them, through {@code docker cp -} and
 * {@code docker import}. The file lands with its real size and its holes kept.
 */
class SparseFilesE2eTest {
  private static final long SIZE = (2L << 30) + (1 << 20);
  private static final long AT = (2L << 30) + 100;

  @TempDir static Path dir;
  static Berthd daemon;
  static Path tar;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")), "GNU tar is not installed");
    daemon = Berthd.start(dir.resolve("d"));
    Images.loadBusybox(daemon, dir);
    Path src = Files.createDirectories(dir.resolve("src"));
    try (RandomAccessFile f = new RandomAccessFile(src.resolve("big").toFile(), "rw")) {
      f.setLength(SIZE);
      f.seek(AT);
      f.write("hello".getBytes(StandardCharsets.US_ASCII));
    }
    tar = dir.resolve("sparse.tar");
    Cmd.Result t = Cmd.run(Map.of(), null, List.of("tar", "--sparse", "--format=pax",
        "-C", src.toString(), "-cf", tar.toString(), "big"));
    assertThat(t.code()).as(t.all()).isZero();
    Files.delete(src.resolve("big"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void cpFromStdinUnpacksItWithItsRealSizeAndData() throws Exception {
    assertThat(Cmd.docker(daemon, "run", "-d", "--name", "sp", "busybox", "sleep", "300")
        .code()).isZero();
    try {
      Cmd.Result cp = Cmd.run(Map.of("DOCKER_CONFIG", daemon.dir.resolve("docker-config")
          .toString()), tar.toFile(), List.of(Cmd.dockerBinary(), "-H", daemon.host(), "cp",
          "-", "sp:/tmp"));
      assertThat(cp.code()).as(cp.all()).isZero();
      Cmd.Result stat = Cmd.docker(daemon, "exec", "sp", "stat", "-c", "%s %b", "/tmp/big");
      String[] sizeBlocks = stat.out().trim().split(" ");
      assertThat(Long.parseLong(sizeBlocks[0])).isEqualTo(SIZE);
      assertThat(Long.parseLong(sizeBlocks[1]) * 512).as("allocated").isLessThan(1 << 20);
      Cmd.Result dd = Cmd.docker(daemon, "exec", "sp", "dd", "if=/tmp/big", "bs=1",
          "skip=" + AT, "count=5");
      assertThat(dd.out()).isEqualTo("hello");
    } finally {
      Cmd.docker(daemon, "rm", "-f", "sp");
    }
  }

  @Test
  void importMakesALayerThatHoldsIt() throws Exception {
    Cmd.Result imp = Cmd.docker(daemon, "import", tar.toString(), "sparse:1");
    assertThat(imp.code()).as(imp.all()).isZero();
    Path big;
    try (Stream<Path> s = Files.find(daemon.root, 12, (p, a) -> a.isRegularFile()
        && p.getFileName().toString().equals("big"))) {
      big = s.findFirst().orElseThrow();
    }
    assertThat(Files.size(big)).isEqualTo(SIZE);
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "r")) {
      byte[] five = new byte[5];
      f.seek(AT);
      f.readFully(five);
      assertThat(new String(five, StandardCharsets.US_ASCII)).isEqualTo("hello");
    }
  }
}
