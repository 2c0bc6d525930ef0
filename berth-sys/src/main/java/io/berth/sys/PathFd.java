package io.berth.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * An {@code O_PATH} file descriptor: a handle on one file or directory that stays on that
 * inode however its names are renamed, swapped or replaced by symlinks afterwards. Everything
 * done through it is relative to the inode it holds, one name at a time and never following a
 * symlink ({@code openat(2)} with {@code O_NOFOLLOW}), which is what makes work on a tree that a
 * container changes under us race-free (CVE-2018-15664; libpathrs' O_PATH resolver).
 *
 * <p>Where the JDK can do a job on a single name relative to the held directory, it is given
 * {@link #child(String)}: {@code /proc/self/fd/N/name}, whose magic link the kernel resolves to
 * this very inode before it looks up {@code name} (see proc(5), {@code /proc/pid/fd}). Names
 * with a {@code /}, {@code .} or {@code ..} are refused, so no lookup ever leaves the inode.
 *
 * <p>The errno of a failed call becomes the matching {@link java.nio.file} exception
 * ({@link NoSuchFileException}, {@link NotDirectoryException}, ...).
 */
public final class PathFd implements AutoCloseable {
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int AT_SYMLINK_FOLLOW = 0x400;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int O_DIRECTORY = 0200000;
  private static final int O_NOFOLLOW = 0400000;
  private static final int O_CLOEXEC = 02000000;
  private static final int O_PATH = 010000000;
  private static final int STATX_BASIC_STATS = 0x7ff;

  private final int fd;
  private final String name;
  private boolean closed;

  private PathFd(int fd, String name) {
    this.fd = fd;
    this.name = name;
  }

  /**
   * Opens a directory that berthd trusts (a container's root as the host names it) as the
   * starting point of walks; symlinks on the way to it are followed.
   */
  public static PathFd openDirectory(Path dir) throws IOException {
    return new PathFd(openat(AT_FDCWD, dir.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC),
        dir.toString());
  }

  /** Opens a file or directory that berthd trusts (a volume, a bind source), links followed. */
  public static PathFd openTrusted(Path path) throws IOException {
    return new PathFd(openat(AT_FDCWD, path.toString(), O_PATH | O_CLOEXEC), path.toString());
  }

  /** Opens {@code name} in this directory without following it, even when it is a symlink. */
  public PathFd open(String name) throws IOException {
    return new PathFd(openat(fd, checked(name), O_PATH | O_NOFOLLOW | O_CLOEXEC),
        this.name + "/" + name);
  }

  /** A second descriptor on the same inode. */
  public PathFd reopen() throws IOException {
    return new PathFd(openat(fd, ".", O_PATH | O_CLOEXEC), name);
  }

  /**
   * {@code /proc/self/fd/N/name}: for JDK calls on one name in this directory. Pass
   * {@code NOFOLLOW_LINKS} where the call takes it: {@code name} itself may be a symlink.
   */
  public Path child(String name) {
    return proc().resolve(checked(name));
  }

  /**
   * {@code /proc/self/fd/N}: this inode itself, for JDK calls that follow it (listing a
   * directory, reading a file whose type {@link #stat()} has checked). Never for a symlink.
   */
  public Path proc() {
    return Path.of("/proc/self/fd/" + fd);
  }

  /** The name this descriptor was opened by, for messages only: it may be stale. */
  public String name() {
    return name;
  }

  /** statx(2) of the inode itself. */
  public Stat stat() throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      MemorySegment buf = arena.allocate(256, 8);
      int rc = (int) Handles.STATX.invokeExact(errno, fd, arena.allocateFrom(""),
          AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf);
      check(rc, errno, "statx", name);
      return new Stat(Short.toUnsignedInt(buf.get(JAVA_SHORT, 28)),
          buf.get(JAVA_INT, 20), buf.get(JAVA_INT, 24), buf.get(JAVA_LONG, 40),
          buf.get(JAVA_LONG, 112), buf.get(JAVA_INT, 120),
          Integer.toUnsignedLong(buf.get(JAVA_INT, 128)),
          Integer.toUnsignedLong(buf.get(JAVA_INT, 132)));
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("statx", t);
    }
  }

  /** The target of the symlink this descriptor holds (readlinkat(2) with an empty path). */
  public String readlink() throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      MemorySegment buf = arena.allocate(4097);
      long n = (long) Handles.READLINKAT.invokeExact(errno, fd, arena.allocateFrom(""), buf,
          4097L);
      check(n, errno, "readlinkat", name);
      if (n > 4096) {
        throw new FileSystemException(name, null, "symlink target too long");
      }
      return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("readlinkat", t);
    }
  }

  /**
   * Makes {@code name} in directory {@code dir} a hard link to this inode (linkat(2) through
   * the descriptor's magic link, as its man page shows for {@code O_PATH} descriptors).
   */
  public void linkAs(PathFd dir, String name) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) Handles.LINKAT.invokeExact(errno, AT_FDCWD,
          arena.allocateFrom(proc().toString()), dir.fd, arena.allocateFrom(checked(name)),
          AT_SYMLINK_FOLLOW);
      check(rc, errno, "linkat", dir.name + "/" + name);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("linkat", t);
    }
  }

  /** Reads the regular file this descriptor holds; 400-style refusal for anything else. */
  public InputStream read() throws IOException {
    if (!stat().isRegularFile()) {
      throw new FileSystemException(name, null, "not a regular file");
    }
    return Files.newInputStream(proc());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      int unused = (int) Handles.CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      throw new IllegalStateException("close", t);
    }
  }

  /** What statx(2) says of an inode. {@code mtime} is seconds and nanoseconds. */
  public record Stat(int mode, int uid, int gid, long size, long mtimeSeconds, int mtimeNanos,
      long rdevMajor, long rdevMinor) {
    public int type() {
      return mode & 0170000;
    }

    public boolean isDirectory() {
      return type() == 0040000;
    }

    public boolean isRegularFile() {
      return type() == 0100000;
    }

    public boolean isSymlink() {
      return type() == 0120000;
    }
  }

  private static String checked(String name) {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a single file name: " + name);
    }
    return name;
  }

  private static int openat(int dir, String path, int flags) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) Handles.OPENAT.invokeExact(errno, dir, arena.allocateFrom(path), flags, 0);
      check(rc, errno, "openat", path);
      return rc;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("openat", t);
    }
  }

  private static void check(long rc, MemorySegment capture, String call, String path)
      throws IOException {
    if (rc >= 0) {
      return;
    }
    int errno = (int) ERRNO.get(capture, 0L);
    throw switch (errno) {
      case Errno.ENOENT -> new NoSuchFileException(path);
      case Errno.ENOTDIR -> new NotDirectoryException(path);
      case Errno.EEXIST -> new FileAlreadyExistsException(path);
      case Errno.ELOOP -> new FileSystemException(path, null, "is a symbolic link (ELOOP)");
      default -> new FileSystemException(path, null, call + ": " + Errno.name(errno));
    };
  }

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  /** Bound on first use, as {@link LinuxSyscalls} does. */
  private static final class Handles {
    static final MethodHandle OPENAT = bind("openat",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
        Linker.Option.firstVariadicArg(3));
    static final MethodHandle STATX = bind("statx",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    static final MethodHandle READLINKAT = bind("readlinkat",
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle LINKAT = bind("linkat",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle CLOSE = LINKER.downcallHandle(
        LINKER.defaultLookup().find("close").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  }

  private static MethodHandle bind(String name, FunctionDescriptor d, Linker.Option... extra) {
    Linker.Option[] options = new Linker.Option[extra.length + 1];
    options[0] = Linker.Option.captureCallState("errno");
    System.arraycopy(extra, 0, options, 1, extra.length);
    MemorySegment symbol = LINKER.defaultLookup().find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, d, options);
  }
}
