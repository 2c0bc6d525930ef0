package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path resolution inside a container's tree: links never lead to the host. */
class ContainerFsTest {
  @TempDir Path dir;

  @Test
  void symlinksResolveInsideTheContainerAndAcrossMounts() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Path vol = Files.createDirectories(dir.resolve("vol"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.createDirectories(rootfs.resolve("tmp"));
    Files.createDirectories(rootfs.resolve("data"));
    Files.createSymbolicLink(rootfs.resolve("tmp/hostile"), Path.of("/etc"));
    Files.createSymbolicLink(rootfs.resolve("tmp/up"), Path.of("../../../../../../etc"));
    Files.createSymbolicLink(rootfs.resolve("tmp/tovol"), Path.of("/data/sub"));
    Files.createSymbolicLink(vol.resolve("back"), Path.of("../tmp"));
    ContainerFs fs = new ContainerFs(rootfs, List.of(new ContainerFs.Mount("/data", vol)));

    assertThat(fs.resolve("/tmp/hostile/passwd", false)).isEqualTo("/etc/passwd");
    assertThat(fs.host("/etc/passwd")).isEqualTo(rootfs.resolve("etc/passwd"));
    assertThat(fs.resolve("/tmp/up/passwd", true)).isEqualTo("/etc/passwd");
    assertThat(fs.resolve("/../../etc", true)).isEqualTo("/etc");
    assertThat(fs.resolve("/tmp/hostile", false)).isEqualTo("/tmp/hostile");
    assertThat(fs.resolve("/tmp/hostile/", true)).isEqualTo("/etc");
    assertThat(fs.resolve("/tmp/tovol/f", true)).isEqualTo("/data/sub/f");
    assertThat(fs.host("/data/sub/f")).isEqualTo(vol.resolve("sub/f"));
    assertThat(fs.host("/data")).isEqualTo(vol);
    assertThat(fs.resolve("/data/back/hostile", true)).isEqualTo("/etc");
    assertThat(fs.host("/database")).isEqualTo(rootfs.resolve("database"));
  }

  @Test
  void linkLoopsEndWithAnError() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.createSymbolicLink(rootfs.resolve("a"), Path.of("/b"));
    Files.createSymbolicLink(rootfs.resolve("b"), Path.of("a"));
    ContainerFs fs = new ContainerFs(rootfs, List.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fs.resolve("/a/x", true))
        .hasMessageContaining("too many links");
  }
}
