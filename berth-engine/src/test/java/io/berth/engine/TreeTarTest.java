package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.sys.LinuxSyscalls;
import io.berth.sys.Syscalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeTarTest {
  @TempDir Path dir;

  private Map<String, TarArchiveEntry> entries(Path root, Map<String, String> contents)
      throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    TreeTar.write(root, buf);
    Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(
        new ByteArrayInputStream(buf.toByteArray()))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), e);
        contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void filesDirectoriesLinksAndLongNames() throws IOException {
    Path root = dir.resolve("root");
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.writeString(bin.resolve("busybox"), "BB");
    Files.setPosixFilePermissions(bin.resolve("busybox"),
        PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setLastModifiedTime(bin.resolve("busybox"), FileTime.fromMillis(1_600_000_000_000L));
    Files.createLink(bin.resolve("sh"), bin.resolve("busybox"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("/nowhere/at/all"));
    String longName = "d".repeat(120) + "/" + "f".repeat(150);
    Files.createDirectories(root.resolve(longName).getParent());
    Files.writeString(root.resolve(longName), "long");

    Map<String, String> contents = new LinkedHashMap<>();
    Map<String, TarArchiveEntry> e = entries(root, contents);

    assertThat(e.keySet()).containsExactly("bin/", "bin/busybox", "bin/sh",
        "d".repeat(120) + "/", longName, "link");
    assertThat(e.get("bin/").isDirectory()).isTrue();
    assertThat(e.get("bin/busybox").getMode()).isEqualTo(0755);
    assertThat(e.get("bin/busybox").getModTime().getTime()).isEqualTo(1_600_000_000_000L);
    assertThat(contents.get("bin/busybox")).isEqualTo("BB");
    assertThat(e.get("bin/sh").isLink()).isTrue();
    assertThat(e.get("bin/sh").getLinkName()).isEqualTo("bin/busybox");
    assertThat(e.get("link").isSymbolicLink()).isTrue();
    assertThat(e.get("link").getLinkName()).isEqualTo("/nowhere/at/all");
    assertThat(contents.get(longName)).isEqualTo("long");
  }

  @Test
  void deviceNodesKeepTheirNumbers() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "mknod of a device needs root");
    Path root = Files.createDirectories(dir.resolve("root"));
    Syscalls sys = new LinuxSyscalls();
    sys.mknod(root.resolve("null").toString(), Syscalls.S_IFCHR | 0640, Syscalls.makedev(1, 3));
    sys.mknod(root.resolve("fifo").toString(), Syscalls.S_IFIFO | 0644, 0);
    sys.mknod(root.resolve("big").toString(), Syscalls.S_IFBLK | 0600,
        Syscalls.makedev(259, 70000));

    Map<String, TarArchiveEntry> e = entries(root, new LinkedHashMap<>());

    assertThat(e.get("null").isCharacterDevice()).isTrue();
    assertThat(e.get("null").getDevMajor()).isEqualTo(1);
    assertThat(e.get("null").getDevMinor()).isEqualTo(3);
    assertThat(e.get("null").getMode()).isEqualTo(0640); // within any umask
    assertThat(e.get("big").isBlockDevice()).isTrue();
    assertThat(e.get("big").getDevMajor()).isEqualTo(259);
    assertThat(e.get("big").getDevMinor()).isEqualTo(70000);
    assertThat(e.get("fifo").isFIFO()).isTrue();
  }
}
