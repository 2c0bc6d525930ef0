package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxSyscallsTest {
  private final Syscalls sys = new LinuxSyscalls();

  // @TempDir lives under java.io.tmpdir (/tmp), which is on the root filesystem here, so
  // trusted.* xattrs work; tmpfs would refuse them on older kernels.
  @TempDir Path dir;

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Test
  void mountsAndUnmountsTmpfs() throws Exception {
    assumeTrue(root(), "mount needs root");
    Path target = Files.createDirectory(dir.resolve("mnt"));
    sys.mount("berth-test", target.toString(), "tmpfs", Syscalls.MS_NOSUID, "size=1m,mode=0700");
    try {
      Files.writeString(target.resolve("f"), "x");
      assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(target.toString());
    } finally {
      sys.umount2(target.toString(), 0);
    }
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(target.toString());
    assertThat(target).isEmptyDirectory();
  }

  @Test
  void failureNamesCallPathAndErrno() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> sys.umount2(missing.toString(), 0))
        .isInstanceOfSatisfying(SyscallException.class, e -> {
          assertThat(e.call()).isEqualTo("umount2");
          assertThat(e.errno()).isIn(Errno.ENOENT, Errno.EPERM);
          assertThat(e.getMessage()).startsWith("umount2 " + missing + ": E");
        });
    assertThatThrownBy(() -> sys.mknod(missing.resolve("x/y").toString(), Syscalls.S_IFIFO | 0644, 0))
        .isInstanceOf(SyscallException.class).hasMessageContaining("ENOENT (2)");
  }

  @Test
  void mknodMakesWhiteoutDeviceAndFifo() throws Exception {
    assumeTrue(root(), "mknod of a device needs CAP_MKNOD");
    Path dev = dir.resolve("wh");
    sys.mknod(dev.toString(), Syscalls.S_IFCHR, Syscalls.makedev(0, 0));
    assertThat(Files.getAttribute(dev, "unix:mode", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(Syscalls.S_IFCHR);
    assertThat(Files.getAttribute(dev, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0L);

    Path fifo = dir.resolve("fifo");
    sys.mknod(fifo.toString(), Syscalls.S_IFIFO | 0600, 0);
    assertThat(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther()).isTrue();

    Path null1 = dir.resolve("null");
    sys.mknod(null1.toString(), Syscalls.S_IFCHR | 0666, Syscalls.makedev(1, 3));
    assertThat(Files.getAttribute(null1, "unix:rdev", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(Syscalls.makedev(1, 3));
  }

  @Test
  void xattrRoundTripOnFileAndSymlink() throws Exception {
    assumeTrue(root(), "trusted.* xattrs need CAP_SYS_ADMIN");
    Path file = Files.writeString(dir.resolve("f"), "x");
    sys.lsetxattr(file.toString(), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8), 0);
    sys.lsetxattr(file.toString(), "user.big", new byte[2000], 0);
    assertThat(sys.lgetxattr(file.toString(), "trusted.overlay.opaque")).get()
        .isEqualTo("y".getBytes(StandardCharsets.UTF_8));
    assertThat(sys.lgetxattr(file.toString(), "user.big")).get()
        .satisfies(v -> assertThat(v).hasSize(2000));
    assertThat(sys.lgetxattr(file.toString(), "user.absent")).isEmpty();
    assertThat(sys.llistxattr(file.toString()))
        .contains("trusted.overlay.opaque", "user.big");

    Path link = Files.createSymbolicLink(dir.resolve("l"), file);
    sys.lsetxattr(link.toString(), "trusted.mine", new byte[] {0, (byte) 0xff}, 0);
    assertThat(sys.lgetxattr(link.toString(), "trusted.mine")).get()
        .isEqualTo(new byte[] {0, (byte) 0xff});
    assertThat(sys.lgetxattr(file.toString(), "trusted.mine")).isEmpty();
  }

  @Test
  void lchownChangesTheLinkNotItsTarget() throws Exception {
    assumeTrue(root(), "chown needs root");
    Path file = Files.writeString(dir.resolve("f"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("l"), file);
    sys.lchown(link.toString(), 1234, 5678);
    assertThat(Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1234);
    assertThat(Files.getAttribute(link, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(5678);
    assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(0);
  }

  @Test
  void unshareFsGivesThreadItsOwnWorkingDirectory() throws Exception {
    String before = Files.readSymbolicLink(Path.of("/proc/self/cwd")).toString();
    AtomicReference<String> seen = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      try {
        sys.unshare(Syscalls.CLONE_FS);
        sys.chdir(dir.toString());
        seen.set(Files.readSymbolicLink(Path.of("/proc/thread-self/cwd")).toString());
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.join();
    assertThat(failure.get()).isNull();
    assertThat(seen.get()).isEqualTo(dir.toRealPath().toString());
    assertThat(Files.readSymbolicLink(Path.of("/proc/self/cwd")).toString()).isEqualTo(before);
  }

  /**
   * Also what Netns.runInside relies on: a process started by a thread that entered another
   * network namespace runs in that namespace (ip sees the new namespace's lo, down, then up).
   */
  @Test
  void loopbackUpSetsLoUpInTheThreadsOwnNetworkNamespace() throws Exception {
    assumeTrue(root(), "a network namespace needs CAP_SYS_ADMIN");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
        || Files.isExecutable(Path.of("/usr/bin/ip")), "iproute2's ip is not installed");
    AtomicReference<String> before = new AtomicReference<>();
    AtomicReference<String> after = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      try {
        sys.unshare(Syscalls.CLONE_NEWNET);
        before.set(lo());
        sys.loopbackUp();
        after.set(lo());
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.join();
    assertThat(failure.get()).isNull();
    assertThat(before.get()).contains("<LOOPBACK>"); // a new namespace's lo is down
    assertThat(after.get()).contains("<LOOPBACK,UP");
  }

  /** {@code ip -o link show lo}, run by the calling thread. */
  private static String lo() throws Exception {
    Process p = new ProcessBuilder("ip", "-o", "link", "show", "lo").start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  @Test
  void chmodKeepsSetuidAndLutimesSetsTheLinkItself() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "x");
    sys.chmod(file.toString(), 04755);
    assertThat(Files.getAttribute(file, "unix:mode")).isEqualTo(0100000 | 04755);

    Path link = Files.createSymbolicLink(dir.resolve("l"), file);
    java.time.Instant when = java.time.Instant.parse("2001-02-03T04:05:06.123456789Z");
    sys.lutimes(link.toString(), when, when);
    assertThat(Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS).toInstant()).isEqualTo(when);
    assertThat(Files.getLastModifiedTime(file).toInstant()).isNotEqualTo(when);
  }
}
