package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copy-up keeps owners, modes, times and links. */
class TreeCopyTest {
  @TempDir Path dir;

  @Test
  void copiesContentWithOwnerModeTimeAndLinks() throws Exception {
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"),
        "changing owners needs root");
    Path src = Files.createDirectories(dir.resolve("src/sub"));
    Path file = Files.writeString(src.resolve("f"), "data");
    Files.setAttribute(file, "unix:uid", 1234);
    Files.setAttribute(file, "unix:gid", 4321);
    Files.setAttribute(file, "unix:mode", 04751);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000_000L));
    Files.createSymbolicLink(src.resolve("link"), Path.of("/etc/passwd"));
    Files.setAttribute(src, "unix:mode", 0700);
    Files.setAttribute(src, "unix:uid", 99);
    Path dst = Files.createDirectories(dir.resolve("dst"));

    TreeCopy.copy(dir.resolve("src"), dst);

    Path copied = dst.resolve("sub/f");
    assertThat(Files.readString(copied)).isEqualTo("data");
    assertThat(Files.getAttribute(copied, "unix:uid")).isEqualTo(1234);
    assertThat(Files.getAttribute(copied, "unix:gid")).isEqualTo(4321);
    assertThat((Integer) Files.getAttribute(copied, "unix:mode") & 07777).isEqualTo(04751);
    assertThat(Files.getLastModifiedTime(copied).toMillis()).isEqualTo(1_000_000_000L);
    assertThat(Files.readSymbolicLink(dst.resolve("sub/link"))).isEqualTo(Path.of("/etc/passwd"));
    assertThat((Integer) Files.getAttribute(dst.resolve("sub"), "unix:mode") & 07777)
        .isEqualTo(0700);
    assertThat(Files.getAttribute(dst.resolve("sub"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(99);
  }
}
