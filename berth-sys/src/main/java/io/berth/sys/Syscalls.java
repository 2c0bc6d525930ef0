package io.berth.sys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The kernel calls berthd makes itself that the JDK cannot make. Paths are passed as strings
 * and never followed when the call's name starts with {@code l}. Every method throws
 * {@link SyscallException} (naming the call, the path and the errno) when the kernel refuses.
 *
 * <p>{@link LinuxSyscalls} binds them with the FFM API; {@link RecordingSyscalls} records
 * them for tests. Prefer the JDK where it works ({@code Files.createSymbolicLink},
 * {@code createLink}, {@code unix:mode}, times with {@code NOFOLLOW_LINKS}).
 */
public interface Syscalls {
  long MS_RDONLY = 1;
  long MS_NOSUID = 2;
  long MS_NODEV = 4;
  long MS_NOEXEC = 8;
  long MS_REMOUNT = 32;
  long MS_BIND = 4096;
  long MS_REC = 16384;
  long MS_PRIVATE = 1 << 18;

  int MNT_FORCE = 1;
  int MNT_DETACH = 2;

  int S_IFIFO = 0010000;
  int S_IFCHR = 0020000;
  int S_IFBLK = 0060000;

  int XATTR_CREATE = 1;
  int XATTR_REPLACE = 2;

  int CLONE_FS = 0x00000200;
  int CLONE_NEWNET = 0x40000000;

  /** mount(2). {@code source}, {@code fstype} and {@code data} may be null. */
  void mount(String source, String target, String fstype, long flags, String data);

  /** umount2(2) with {@code MNT_*} flags. */
  void umount2(String target, int flags);

  /** mknod(2): {@code mode} carries the file type ({@code S_IFCHR}...) and permissions. */
  void mknod(String path, int mode, long dev);

  /** lsetxattr(2): sets {@code name} on {@code path} itself, never a symlink's target. */
  void lsetxattr(String path, String name, byte[] value, int flags);

  /** lgetxattr(2): the value, or empty when the attribute is absent (ENODATA). */
  Optional<byte[]> lgetxattr(String path, String name);

  /** llistxattr(2): the attribute names on {@code path} itself. */
  List<String> llistxattr(String path);

  /** lchown(2): changes owner and group of {@code path} itself. */
  void lchown(String path, int uid, int gid);

  /** chmod(2) with the full mode, setuid/setgid/sticky included. Follows symlinks. */
  void chmod(String path, int mode);

  /**
   * utimensat(2) with {@code AT_SYMLINK_NOFOLLOW}: sets access and modification times of
   * {@code path} itself (a symlink's own times), with nanoseconds.
   */
  void lutimes(String path, Instant atime, Instant mtime);

  /**
   * unshare(2) with {@code CLONE_*} flags, for the calling thread only. With {@code CLONE_FS}
   * the thread gets its own working directory, so {@link #chdir} stops affecting the JVM.
   */
  void unshare(int flags);

  /** chdir(2). Affects every thread that shares the caller's fs struct (see {@link #unshare}). */
  void chdir(String path);

  /**
   * setns(2) into the namespace bind-mounted or linked at {@code path} (for example
   * {@code /proc/<pid>/ns/net}), for the calling thread only. Only a platform thread that is
   * thrown away afterwards may call it: a virtual thread moves between carriers.
   */
  void setns(String path, int nstype);

  /**
   * Sets {@code lo} up in the calling thread's network namespace (a socket and
   * {@code SIOCGIFFLAGS}/{@code SIOCSIFFLAGS}, as {@code ip link set lo up} without its
   * process). Only a platform thread in the namespace it means may call it.
   */
  void loopbackUp();

  /** kill(2): sends {@code signal} to {@code pid} (ESRCH when it is gone). */
  void kill(int pid, int signal);

  /** glibc's {@code makedev}: the kernel's 64-bit dev_t encoding of major and minor. */
  static long makedev(long major, long minor) {
    return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
        | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
  }
}
