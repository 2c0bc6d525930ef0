package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: what a daemon leaves on the host and on disk (issue 14): orphaned snapshots and blobs
 * are swept when it starts, and {@code berthd --cleanup} removes the nftables table and bridges
 * that a clean stop keeps on purpose for containers that outlive it.
 */
class HostStateE2eTest {
  @TempDir Path dir;

  private static boolean root() {
    return ProcessHandle.current().info().user().orElse("").equals("root");
  }

  @Test
  void snapshotsAndBlobsThatNoImageNamesAreSweptAtStartUp() throws Exception {
    assumeTrue(root(), "overlay snapshots need root");
    assumeTrue(Images.busyboxAvailable(), "busybox-static is not installed");
    Path tar = Images.busybox(dir.resolve("busybox.tar"), "busybox:latest");
    Path root;
    try (Berthd d = Berthd.start(dir.resolve("d"))) {
      RawHttp.Answer a = RawHttp.send(d.socket, "POST", "/v1.44/images/load?quiet=1",
          "application/x-tar", Files.readAllBytes(tar));
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      root = d.root;
    }
    assertThat(entries(root.resolve("snapshots"))).isNotEmpty();
    assertThat(entries(root.resolve("content/blobs/sha256"))).isNotEmpty();
    // what a kill -9 between unpacking and recording leaves: layers and blobs, no image
    for (Path p : entries(root.resolve("image/images"))) {
      Files.delete(p);
    }
    Files.deleteIfExists(root.resolve("image/references.json"));
    try (Berthd d = Berthd.start(dir.resolve("d"))) {
      assertThat(entries(root.resolve("snapshots"))).isEmpty();
      assertThat(entries(root.resolve("content/blobs/sha256"))).isEmpty();
      assertThat(Files.readString(d.log)).contains("blobs that no image uses");
    }
  }

  @Test
  void cleanupRemovesTheTableAndBridgeThatAStopLeaves() throws Exception {
    assumeTrue(root(), "nftables and bridges need root");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "nft is not installed");
    Path d = dir.resolve("c");
    TestNet net = TestNet.of(d);
    try (Berthd daemon = Berthd.start(d)) {
      daemon.process.destroy(); // SIGTERM; Berthd.close's own clean-up comes after the checks
      daemon.process.waitFor();
      assertThat(Cmd.run(Map.of(), null, List.of("nft", "list", "table", "ip", net.table()))
          .code()).as("a clean stop keeps the table for containers that live on").isZero();
      List<String> cmd = new ArrayList<>(List.of(Berthd.java(), "--enable-native-access=ALL-UNNAMED",
          "-cp", System.getProperty("java.class.path"), "io.berth.daemon.Main", "--cleanup",
          "--root", d.resolve("root").toString(), "--exec-root", d.resolve("exec").toString(),
          "--config-file", d.resolve("daemon.json").toString()));
      cmd.addAll(net.daemonArgs());
      Cmd.Result r = Cmd.run(Map.of(), null, cmd);
      assertThat(r.code()).as(r.all()).isZero();
      assertThat(r.out()).contains("removed nftables table ip " + net.table(),
          "removed bridge " + net.bridge());
      assertThat(Cmd.run(Map.of(), null, List.of("nft", "list", "table", "ip", net.table()))
          .code()).isNotZero();
      assertThat(Cmd.run(Map.of(), null, List.of("ip", "link", "show", net.bridge())).code())
          .isNotZero();
    }
  }

  private static List<Path> entries(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
