package io.berth.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.sys.LinuxSyscalls;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarLayerApplierTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private final Syscalls sys = new LinuxSyscalls();
  private final TarLayerApplier applier = new TarLayerApplier(sys);

  @TempDir Path tmp;
  private Path layer;
  private Path outside;

  @BeforeEach
  void setUp() throws IOException {
    Privileges.assumeRoot();
    // The layer sits three levels down so that "../../.." from it is still inside tmp.
    layer = Files.createDirectories(tmp.resolve("a/b/c/layer"));
    outside = Files.createDirectories(tmp.resolve("outside"));
  }

  private Object attr(Path p, String name) throws IOException {
    return Files.getAttribute(p, "unix:" + name, NOFOLLOW);
  }

  @Test
  void unpacksEveryKindOfEntryWithItsMetadata() throws Exception {
    String longName = "deep/" + "x".repeat(150) + "/" + "y".repeat(120) + ".txt";
    byte[] tar = new TarBuilder()
        .dir("etc/")
        .file("etc/passwd", "root:x:0:0", 0644, e -> e.setIds(0, 0))
        .file("usr/bin/su", "elf", 04755, e -> e.setIds(0, 0))
        .file("home/u/f", "mine", 0600, e -> e.setIds(1000, 1001))
        .file("caps", "cap", 0755, e -> e.addPaxHeader("SCHILY.xattr.user.berth", "v1"))
        .symlink("etc/localtime", "/nonexistent/zoneinfo/UTC")
        .hardlink("etc/passwd-", "etc/passwd")
        .device("dev/null", TarConstants.LF_CHR, 1, 3)
        .device("dev/loop0", TarConstants.LF_BLK, 7, 0)
        .device("run/fifo", TarConstants.LF_FIFO, 0, 0)
        .file(longName, "long")
        .bytes();
    long read = applier.apply(layer, new java.io.ByteArrayInputStream(tar));

    assertThat(read).isEqualTo(tar.length);
    assertThat(layer.resolve("etc/passwd")).hasContent("root:x:0:0");
    assertThat(attr(layer.resolve("usr/bin/su"), "mode")).isEqualTo(0100000 | 04755);
    assertThat(attr(layer.resolve("home/u/f"), "uid")).isEqualTo(1000);
    assertThat(attr(layer.resolve("home/u/f"), "gid")).isEqualTo(1001);
    assertThat(attr(layer.resolve("home/u/f"), "mode")).isEqualTo(0100600);
    assertThat(sys.lgetxattr(layer.resolve("caps").toString(), "user.berth")).get()
        .isEqualTo("v1".getBytes());
    assertThat(Files.readSymbolicLink(layer.resolve("etc/localtime")).toString())
        .isEqualTo("/nonexistent/zoneinfo/UTC");
    assertThat(attr(layer.resolve("etc/passwd-"), "ino")).isEqualTo(attr(layer.resolve("etc/passwd"), "ino"));
    assertThat(attr(layer.resolve("dev/null"), "rdev")).isEqualTo(Syscalls.makedev(1, 3));
    assertThat(attr(layer.resolve("dev/loop0"), "mode")).isEqualTo(Syscalls.S_IFBLK | 0600);
    assertThat(attr(layer.resolve("run/fifo"), "mode")).isEqualTo(Syscalls.S_IFIFO | 0600);
    assertThat(layer.resolve(longName)).hasContent("long");
    // mtimes, directories included (set after their children), symlinks themselves too
    for (String p : new String[] {"etc", "etc/passwd", "etc/localtime", "usr/bin/su"}) {
      assertThat(Files.getLastModifiedTime(layer.resolve(p), NOFOLLOW).toInstant())
          .as(p).isEqualTo(TarBuilder.MTIME);
    }
  }

  @Test
  void whiteoutsBecomeOverlayWhiteouts() throws Exception {
    applier.apply(layer, new TarBuilder()
        .dir("var/")
        .file("var/.wh.gone", "")
        .dir("opaque/")
        .file("opaque/.wh..wh..opq", "")
        .file("opaque/kept", "same layer stays")
        .file("kept", "x")
        .file(".wh.kept", "")
        .file(".wh..wh.plnk", "")
        .stream());

    Path gone = layer.resolve("var/gone");
    assertThat(attr(gone, "mode")).isEqualTo(Syscalls.S_IFCHR);
    assertThat(attr(gone, "rdev")).isEqualTo(0L);
    assertThat(sys.lgetxattr(layer.resolve("opaque").toString(), "trusted.overlay.opaque")).get()
        .isEqualTo(new byte[] {'y'});
    assertThat(layer.resolve("opaque/kept")).hasContent("same layer stays");
    assertThat(layer.resolve("kept")).hasContent("x"); // OCI: whiteouts hide lower layers only
    assertThat(layer.resolve(".wh..wh.plnk")).doesNotExist();
    assertThat(layer.resolve(".wh.kept")).doesNotExist();
  }

  @Test
  void laterEntryReplacesEarlierOneWithoutFollowingIt() throws Exception {
    Path victim = Files.writeString(outside.resolve("victim"), "safe");
    applier.apply(layer, new TarBuilder()
        .symlink("f", victim.toString())
        .file("f", "replaced")
        .stream());
    assertThat(Files.isSymbolicLink(layer.resolve("f"))).isFalse();
    assertThat(layer.resolve("f")).hasContent("replaced");
    assertThat(victim).hasContent("safe");
  }

  @Test
  void symlinksInsideTheLayerAreFollowedInsideIt() throws Exception {
    applier.apply(layer, new TarBuilder()
        .dir("real/")
        .symlink("alias", "real")
        .file("alias/f", "through a relative link")
        .symlink("sub/up", "../real")
        .file("sub/up/g", "via ..")
        .stream());
    assertThat(layer.resolve("real/f")).hasContent("through a relative link");
    assertThat(layer.resolve("real/g")).hasContent("via ..");
  }

  @Test
  void absoluteNamesAreKeptInsideTheLayer() throws Exception {
    applier.apply(layer, new TarBuilder().file("/abs/evil", "in").file("./dot/f", "in").stream());
    assertThat(layer.resolve("abs/evil")).hasContent("in");
    assertThat(layer.resolve("dot/f")).hasContent("in");
    assertOutsideUntouched();
  }

  @Test
  void dotDotNameIsRejected() throws Exception {
    assertRejected(new TarBuilder().file("../../evil", "x"));
    assertRejected(new TarBuilder().file("a/../../../evil", "x"));
  }

  @Test
  void absoluteSymlinkOnThePathIsRejected() throws Exception {
    assertRejected(new TarBuilder()
        .symlink("escape", outside.toString())
        .file("escape/pwned", "x"));
    assertRejected(new TarBuilder().symlink("etc", "/").file("etc/passwd", "x"));
  }

  @Test
  void climbingSymlinkOnThePathIsRejected() throws Exception {
    assertRejected(new TarBuilder()
        .symlink("up", "../../../..")
        .file("up/x", "x"));
    assertRejected(new TarBuilder()
        .symlink("up2", "../../../../outside")
        .dir("up2/d/"));
  }

  @Test
  void hardLinkOutsideTheLayerIsRejected() throws Exception {
    Files.writeString(outside.resolve("secret"), "s");
    assertRejected(new TarBuilder().hardlink("h", "../../../../outside/secret"));
    assertRejected(new TarBuilder().symlink("o", outside.toString()).hardlink("h", "o/secret"));
    assertThat(outside.resolve("secret")).hasContent("s");
  }

  @Test
  void oneHostileTarWithEveryTrick() throws Exception {
    assertRejected(new TarBuilder()
        .file("/abs/evil", "x")
        .symlink("escape", outside.toString())
        .symlink("up", "../../../..")
        .file("up/x", "x")
        .file("escape/pwned", "x")
        .file("../../evil", "x"));
  }

  @Test
  void binaryXattrValueFailsInsteadOfBeingMangled() {
    // What Python's tarfile (and Go's archive/tar) write for a raw security.capability value.
    byte[] tar = new TarBuilder().file("bin/ping", "elf", 0755,
        e -> e.addPaxHeader("SCHILY.xattr.security.capability", "\u0001\u0000\uFFFD")).bytes();
    assertThatThrownBy(() -> applier.apply(layer, new java.io.ByteArrayInputStream(tar)))
        .isInstanceOf(BerthException.NotImplemented.class)
        .hasMessageContaining("security.capability");
  }

  @Test
  void garbageIsInvalidArgument() {
    byte[] junk = new byte[1024];
    java.util.Arrays.fill(junk, (byte) 'z');
    assertThatThrownBy(() -> applier.apply(layer, new java.io.ByteArrayInputStream(junk)))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("invalid tar");
  }

  private void assertRejected(TarBuilder tar) throws IOException {
    assertThatThrownBy(() -> applier.apply(layer, tar.stream()))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("path escapes the layer");
    assertOutsideUntouched();
  }

  private void assertOutsideUntouched() throws IOException {
    java.util.List<String> expected = new java.util.ArrayList<>(
        java.util.List.of("", "a", "a/b", "a/b/c", "outside"));
    if (Files.exists(outside.resolve("secret"))) {
      expected.add("outside/secret");
    }
    try (Stream<Path> all = Files.walk(tmp)) {
      assertThat(all.filter(p -> !p.startsWith(layer)).map(tmp::relativize).map(Path::toString))
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s.map(p -> p.getFileName().toString())).allMatch("secret"::equals);
    }
    assertThat(Path.of("/abs")).doesNotExist();
  }
}
