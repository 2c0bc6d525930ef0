package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path resolution inside a container's tree: links never lead to the host. */
class ContainerRootTest {
  @TempDir Path dir;

  @Test
  void symlinksResolveInsideTheContainerAndAcrossMounts() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Path vol = Files.createDirectories(dir.resolve("vol"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), "container's");
    Files.createDirectories(rootfs.resolve("tmp"));
    Files.createDirectories(rootfs.resolve("data"));
    Files.createDirectories(vol.resolve("sub"));
    Files.writeString(vol.resolve("sub/f"), "in volume");
    Files.createSymbolicLink(rootfs.resolve("tmp/hostile"), Path.of("/etc"));
    Files.createSymbolicLink(rootfs.resolve("tmp/up"), Path.of("../../../../../../etc"));
    Files.createSymbolicLink(rootfs.resolve("tmp/tovol"), Path.of("/data/sub"));
    Files.createSymbolicLink(vol.resolve("back"), Path.of("../tmp"));
    try (ContainerRoot root = ContainerRoot.open(rootfs, Map.of("/data", vol))) {
      assertThat(root.resolve("/tmp/hostile/passwd", false)).isEqualTo("/etc/passwd");
      assertThat(content(root, "/tmp/hostile/passwd")).isEqualTo("container's");
      assertThat(root.resolve("/tmp/up/passwd", true)).isEqualTo("/etc/passwd");
      assertThat(content(root, "/tmp/up/passwd")).isEqualTo("container's");
      assertThat(root.resolve("/../../etc", true)).isEqualTo("/etc");
      assertThat(root.resolve("/tmp/hostile", false)).isEqualTo("/tmp/hostile");
      assertThat(root.resolve("/tmp/hostile/", true)).isEqualTo("/etc");
      assertThat(root.resolve("/tmp/tovol/f", true)).isEqualTo("/data/sub/f");
      assertThat(content(root, "/tmp/tovol/f")).isEqualTo("in volume");
      assertThat(root.resolve("/data/back/hostile", true)).isEqualTo("/etc");
      assertThat(root.resolve("/tmp/missing/../x", true)).isEqualTo("/tmp/x");
      try (ContainerRoot.Found f = root.open("/tmp/hostile", false)) {
        assertThat(f.fd().stat().isSymlink()).isTrue();
        assertThat(f.fd().readlink()).isEqualTo("/etc");
      }
      assertThatThrownBy(() -> root.open("/tmp/nothing", true))
          .isInstanceOf(NoSuchFileException.class).hasMessage("/tmp/nothing");
    }
  }

  @Test
  void missingDirectoriesAreMadeInsideTheContainer() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(rootfs.resolve("esc"), outside);
    try (ContainerRoot root = ContainerRoot.open(rootfs, Map.of());
        ContainerRoot.Found top = root.open("/", true);
        ContainerRoot.Found made = root.openDirectories(top, "esc/a/b")) {
      assertThat(made.path()).isEqualTo(outside + "/a/b");
      assertThat(rootfs.resolve(outside.toString().substring(1)).resolve("a/b")).isDirectory();
      assertThat(outside).isEmptyDirectory();
    }
  }

  @Test
  void aDirectoryOnceOpenedStaysPutWhenItsNameIsSwappedForALink() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs/w/d"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(rootfs.resolve("f"), "in d");
    try (ContainerRoot root = ContainerRoot.open(dir.resolve("rootfs"), Map.of());
        ContainerRoot.Found d = root.open("/w/d", true)) {
      Files.move(rootfs, dir.resolve("rootfs/w/moved"));
      Files.createSymbolicLink(rootfs, outside);
      try (ContainerRoot.Found f = root.open(d, "f", true)) {
        assertThat(new String(f.fd().read().readAllBytes())).isEqualTo("in d");
      }
      try (ContainerRoot.Found made = root.openDirectories(d, "new/sub")) {
        assertThat(made.path()).isEqualTo("/w/d/new/sub");
      }
      assertThat(dir.resolve("rootfs/w/moved/new/sub")).isDirectory();
      assertThat(outside).isEmptyDirectory();
      try (ContainerRoot.Found up = root.open(d, "../moved/f", true)) {
        assertThat(up.path()).isEqualTo("/w/moved/f");
      }
    }
  }

  @Test
  void linkLoopsEndWithAnError() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.createSymbolicLink(rootfs.resolve("a"), Path.of("/b"));
    Files.createSymbolicLink(rootfs.resolve("b"), Path.of("a"));
    try (ContainerRoot root = ContainerRoot.open(rootfs, Map.of())) {
      assertThatThrownBy(() -> root.resolve("/a/x", true)).hasMessageContaining("too many links");
    }
  }

  private static String content(ContainerRoot root, String path) throws Exception {
    try (ContainerRoot.Found f = root.open(path, true); InputStream in = f.fd().read()) {
      return new String(in.readAllBytes());
    }
  }
}
