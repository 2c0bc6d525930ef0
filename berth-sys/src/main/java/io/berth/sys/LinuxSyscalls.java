package io.berth.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Syscalls} through glibc, bound with the FFM API. Each call runs in its own confined
 * arena and captures {@code errno} right after the call returns (the JVM may clobber the
 * thread-local errno before Java code could read it, hence {@code captureCallState}).
 */
public final class LinuxSyscalls implements Syscalls {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;


  /**
   * The downcall handles, bound on first use: linking them costs tens of milliseconds that
   * berthd's start-up should not pay before any layer is applied or mounted.
   */
  private static final class Handles {
    static final MethodHandle MOUNT =
        bind("mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    static final MethodHandle UMOUNT2 =
        bind("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle MKNOD =
        bind("mknod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    static final MethodHandle LSETXATTR = bind("lsetxattr",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    static final MethodHandle LGETXATTR =
        bind("lgetxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle LLISTXATTR =
        bind("llistxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle LCHOWN =
        bind("lchown", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle CHMOD =
        bind("chmod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle UTIMENSAT =
        bind("utimensat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle UNSHARE =
        bind("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle CHDIR = bind("chdir", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle KILL =
        bind("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle SETNS =
        bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle SOCKET =
        bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    /** ioctl(2) is variadic (the argument); a pointer here. */
    static final MethodHandle IOCTL = LINKER.downcallHandle(
        LINKER.defaultLookup().find("ioctl").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
        ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
    /** open(2) is variadic (the mode); the mode is passed as the first variadic argument. */
    static final MethodHandle OPEN = LINKER.downcallHandle(
        LINKER.defaultLookup().find("open").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
        ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
  }

  private static final int O_RDONLY_CLOEXEC = 0x80000;

  private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
    MemorySegment symbol = LINKER.defaultLookup().find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, descriptor, ERRNO_OPTION);
  }

  @Override
  public void mount(String source, String target, String fstype, long flags, String data) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) Handles.MOUNT.invokeExact(errno, cstr(arena, source), cstr(arena, target),
          cstr(arena, fstype), flags, cstr(arena, data));
      check(rc, errno, "mount", target);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void umount2(String target, int flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) Handles.UMOUNT2.invokeExact(errno, cstr(arena, target), flags);
      check(rc, errno, "umount2", target);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void mknod(String path, int mode, long dev) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) Handles.MKNOD.invokeExact(errno, cstr(arena, path), mode, dev);
      check(rc, errno, "mknod", path);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void lsetxattr(String path, String name, byte[] value, int flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      MemorySegment buf = arena.allocate(Math.max(1, value.length));
      MemorySegment.copy(value, 0, buf, JAVA_BYTE, 0, value.length);
      int rc = (int) Handles.LSETXATTR.invokeExact(errno, cstr(arena, path), cstr(arena, name), buf,
          (long) value.length, flags);
      check(rc, errno, "lsetxattr " + name, path);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public Optional<byte[]> lgetxattr(String path, String name) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      MemorySegment p = cstr(arena, path);
      MemorySegment n = cstr(arena, name);
      while (true) {
        long size = (long) Handles.LGETXATTR.invokeExact(errno, p, n, MemorySegment.NULL, 0L);
        if (size < 0 && errnoOf(errno) == Errno.ENODATA) {
          return Optional.empty();
        }
        check(size, errno, "lgetxattr " + name, path);
        MemorySegment buf = arena.allocate(Math.max(1, size));
        long got = (long) Handles.LGETXATTR.invokeExact(errno, p, n, buf, size);
        if (got < 0 && errnoOf(errno) == Errno.ERANGE) {
          continue; // the value grew between the two calls
        }
        if (got < 0 && errnoOf(errno) == Errno.ENODATA) {
          return Optional.empty();
        }
        check(got, errno, "lgetxattr " + name, path);
        return Optional.of(buf.asSlice(0, got).toArray(JAVA_BYTE));
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public List<String> llistxattr(String path) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      MemorySegment p = cstr(arena, path);
      while (true) {
        long size = (long) Handles.LLISTXATTR.invokeExact(errno, p, MemorySegment.NULL, 0L);
        check(size, errno, "llistxattr", path);
        MemorySegment buf = arena.allocate(Math.max(1, size));
        long got = (long) Handles.LLISTXATTR.invokeExact(errno, p, buf, size);
        if (got < 0 && errnoOf(errno) == Errno.ERANGE) {
          continue;
        }
        check(got, errno, "llistxattr", path);
        return splitNames(buf.asSlice(0, got).toArray(JAVA_BYTE));
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void lchown(String path, int uid, int gid) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) Handles.LCHOWN.invokeExact(errno, cstr(arena, path), uid, gid);
      check(rc, errno, "lchown", path);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void chmod(String path, int mode) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) Handles.CHMOD.invokeExact(errno, cstr(arena, path), mode);
      check(rc, errno, "chmod", path);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void lutimes(String path, Instant atime, Instant mtime) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      // struct timespec[2] { {tv_sec, tv_nsec}, {tv_sec, tv_nsec} }: four longs on x86_64/arm64
      MemorySegment times = arena.allocate(JAVA_LONG, 4);
      times.setAtIndex(JAVA_LONG, 0, atime.getEpochSecond());
      times.setAtIndex(JAVA_LONG, 1, atime.getNano());
      times.setAtIndex(JAVA_LONG, 2, mtime.getEpochSecond());
      times.setAtIndex(JAVA_LONG, 3, mtime.getNano());
      int rc = (int) Handles.UTIMENSAT.invokeExact(errno, AT_FDCWD, cstr(arena, path), times,
          AT_SYMLINK_NOFOLLOW);
      check(rc, errno, "utimensat", path);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void unshare(int flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) Handles.UNSHARE.invokeExact(errno, flags);
      check(rc, errno, "unshare", "0x" + Integer.toHexString(flags));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void chdir(String path) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) Handles.CHDIR.invokeExact(errno, cstr(arena, path));
      check(rc, errno, "chdir", path);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void setns(String path, int nstype) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int fd = (int) Handles.OPEN.invokeExact(errno, cstr(arena, path), O_RDONLY_CLOEXEC, 0);
      check(fd, errno, "open", path);
      try {
        int rc = (int) Handles.SETNS.invokeExact(errno, fd, nstype);
        check(rc, errno, "setns", path);
      } finally {
        int ignored = (int) Handles.CLOSE.invokeExact(errno, fd);
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static final int AF_INET = 2;
  private static final int SOCK_DGRAM_CLOEXEC = 2 | 0x80000;
  private static final long SIOCGIFFLAGS = 0x8913;
  private static final long SIOCSIFFLAGS = 0x8914;
  private static final short IFF_UP = 1;
  /** struct ifreq: the name (IFNAMSIZ 16), then a union whose first member is the flags. */
  private static final long IFREQ_SIZE = 40;
  private static final long IFREQ_FLAGS = 16;

  @Override
  public void loopbackUp() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int fd = (int) Handles.SOCKET.invokeExact(errno, AF_INET, SOCK_DGRAM_CLOEXEC, 0);
      check(fd, errno, "socket", "lo");
      try {
        MemorySegment ifr = arena.allocate(IFREQ_SIZE);
        ifr.setString(0, "lo", StandardCharsets.US_ASCII);
        int rc = (int) Handles.IOCTL.invokeExact(errno, fd, SIOCGIFFLAGS, ifr);
        check(rc, errno, "ioctl SIOCGIFFLAGS", "lo");
        short flags = ifr.get(java.lang.foreign.ValueLayout.JAVA_SHORT, IFREQ_FLAGS);
        ifr.set(java.lang.foreign.ValueLayout.JAVA_SHORT, IFREQ_FLAGS, (short) (flags | IFF_UP));
        rc = (int) Handles.IOCTL.invokeExact(errno, fd, SIOCSIFFLAGS, ifr);
        check(rc, errno, "ioctl SIOCSIFFLAGS", "lo");
      } finally {
        int ignored = (int) Handles.CLOSE.invokeExact(errno, fd);
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void kill(int pid, int signal) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) Handles.KILL.invokeExact(errno, pid, signal);
      check(rc, errno, "kill " + signal, "pid " + pid);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static MemorySegment cstr(Arena arena, String s) {
    return s == null ? MemorySegment.NULL : arena.allocateFrom(s, StandardCharsets.UTF_8);
  }

  private static int errnoOf(MemorySegment capture) {
    return (int) ERRNO.get(capture, 0L);
  }

  private static void check(long rc, MemorySegment capture, String call, String path) {
    if (rc < 0) {
      throw new SyscallException(call, path, errnoOf(capture));
    }
  }

  private static List<String> splitNames(byte[] raw) {
    List<String> names = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        if (i > start) {
          names.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return names;
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("native call failed", t);
  }
}
