package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.sys.LinuxSyscalls;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** moby's overlay diff rules over layer directories built by hand. */
class OverlayChangesTest {
  @TempDir Path dir;

  private static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);

  private Path file(Path root, String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  private static List<String> show(List<Change> changes) {
    return changes.stream().map(c -> "CAD".charAt(c.kind().code()) + " " + c.path()).toList();
  }

  @Test
  void addedModifiedAndCopiedUpDirectories() throws IOException {
    Path upper = dir.resolve("upper");
    Path top = dir.resolve("top");
    Path bottom = dir.resolve("bottom");
    file(bottom, "etc/passwd", "root\n");
    file(bottom, "usr/lib/x", "x");
    file(top, "bin/sh", "sh");
    file(upper, "etc/passwd", "root\nx\n");
    file(upper, "new", "n");
    file(upper, "newdir/a", "a");
    file(upper, "newdir/sub/b", "b");
    file(upper, "usr/lib/y", "y"); // usr and usr/lib copied up unchanged
    file(upper, "bin/sh", "busybox");
    for (Path root : List.of(upper, bottom)) {
      Files.setLastModifiedTime(root.resolve("usr/lib"), OLD);
      Files.setLastModifiedTime(root.resolve("usr"), OLD);
      Files.setLastModifiedTime(root.resolve("etc"), OLD);
    }
    Files.setLastModifiedTime(top.resolve("bin"), OLD);
    Files.setLastModifiedTime(upper.resolve("bin"), FileTime.fromMillis(2_000_000_000_000L));

    assertThat(show(OverlayChanges.of(upper, List.of(top, bottom)))).containsExactly(
        "C /bin", "C /bin/sh",
        "C /etc/passwd", // etc itself looks unchanged, and only a modification is below it
        "A /new", "A /newdir", "A /newdir/a", "A /newdir/sub", "A /newdir/sub/b",
        "C /usr/lib", "A /usr/lib/y");
  }

  @Test
  void whiteoutsAreDeletionsAndHideLowerLayers() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "mknod of a 0/0 character device (an overlay whiteout) needs root");
    Syscalls sys = new LinuxSyscalls();
    Path upper = dir.resolve("upper");
    Path top = dir.resolve("top");
    Path bottom = dir.resolve("bottom");
    file(bottom, "etc/group", "root:x:0:\n");
    file(bottom, "etc/old", "old");
    Files.createDirectories(top.resolve("etc"));
    sys.mknod(top.resolve("etc/old").toString(), Syscalls.S_IFCHR, 0); // deleted in top
    file(upper, "etc/old", "new"); // so this one is new again
    sys.mknod(upper.resolve("etc/group").toString(), Syscalls.S_IFCHR, 0);
    sys.mknod(upper.resolve("etc/tty").toString(), Syscalls.S_IFCHR | 0600,
        Syscalls.makedev(5, 0)); // a real device is a file like any other
    for (Path root : List.of(upper, top, bottom)) {
      Files.setLastModifiedTime(root.resolve("etc"), OLD);
    }

    assertThat(show(OverlayChanges.of(upper, List.of(top, bottom)))).containsExactly(
        "C /etc", "D /etc/group", "A /etc/old", "A /etc/tty");
  }

  /** The runtime's mount points stand for dockerd's init layer: never part of the diff. */
  @Test
  void hiddenMountPointsAndTheirParentsTimesAreLeftOut() throws IOException {
    Path upper = dir.resolve("upper");
    Path bottom = dir.resolve("bottom");
    file(bottom, "etc/passwd", "root\n");
    file(bottom, "bin/sh", "sh");
    file(upper, "etc/hosts", "");
    file(upper, "etc/hostname", "");
    file(upper, "dev/console", "");
    Files.createDirectories(upper.resolve("proc"));
    file(upper, "test", "");
    Files.setLastModifiedTime(bottom.resolve("etc"), OLD);
    Set<String> hidden = Set.of("/dev", "/proc", "/etc/hosts", "/etc/hostname");
    assertThat(show(OverlayChanges.of(upper, List.of(bottom), hidden))).containsExactly("A /test");

    file(upper, "etc/new", "n");
    assertThat(show(OverlayChanges.of(upper, List.of(bottom), hidden)))
        .containsExactly("C /etc", "A /etc/new", "A /test");
    Files.delete(upper.resolve("etc/new"));
    Files.setPosixFilePermissions(upper.resolve("etc"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    assertThat(show(OverlayChanges.of(upper, List.of(bottom), hidden)))
        .containsExactly("C /etc", "A /test");

    Path bare = dir.resolve("bare"); // an image without /etc: added only for the mount points
    file(bare, "bin/sh", "sh");
    Path upper2 = dir.resolve("upper2");
    file(upper2, "etc/hosts", "");
    file(upper2, "test", "");
    assertThat(show(OverlayChanges.of(upper2, List.of(bare), hidden))).containsExactly("A /test");
    file(upper2, "etc/motd", "");
    assertThat(show(OverlayChanges.of(upper2, List.of(bare), hidden)))
        .containsExactly("A /etc", "A /etc/motd", "A /test");
  }
}
