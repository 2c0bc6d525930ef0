package io.berth.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a program with pipes at fd numbers of the caller's choice ({@code posix_spawn(3)}),
 * which {@link ProcessBuilder} cannot do: the JDK closes every fd above 2 in its children.
 * conmon, for one, takes its sync, start and attach pipes as fd numbers in its environment.
 *
 * <p>The child gets each {@link Pipe}'s child end at the fds it names, {@code /dev/null} at
 * whichever of 0-2 no pipe names, and no other fd: everything from the highest named fd + 1 on
 * is closed ({@code posix_spawn_file_actions_addclosefrom_np}, glibc 2.34), so none of the
 * JVM's descriptors (listening sockets, other children's pipes) leaks into a long-lived child.
 * Its signal mask is empty and every signal has its default action. The parent keeps the
 * other end of each pipe as a stream, opened again through {@code /proc/self/fd} so that the
 * JDK's own blocking I/O (which lets a virtual thread's carrier go) reads and writes it.
 */
public final class Spawn {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  private static final int O_RDWR = 02;
  private static final int O_CLOEXEC = 02000000;
  private static final int F_DUPFD_CLOEXEC = 1030;
  private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  private static final int WNOHANG = 1;
  private static final int SIGKILL = 9;
  /** Larger than glibc's posix_spawn_file_actions_t (80 bytes), posix_spawnattr_t (336), sigset_t (128). */
  private static final long OPAQUE = 512;

  private Spawn() {}

  /** A pipe the child gets at each of {@code childFds}: it writes to it unless {@code toChild}. */
  public record Pipe(boolean toChild, List<Integer> childFds) {
    public Pipe {
      childFds = List.copyOf(childFds);
      if (childFds.isEmpty()) {
        throw new IllegalArgumentException("a pipe needs a child fd");
      }
    }

    /** A pipe the child writes to, at {@code childFds}. */
    public static Pipe fromChild(Integer... childFds) {
      return new Pipe(false, List.of(childFds));
    }

    /** A pipe the child reads from, at {@code childFds}. */
    public static Pipe toChild(Integer... childFds) {
      return new Pipe(true, List.of(childFds));
    }
  }

  /** A started child: its pid and the parent's end of each pipe, in the order they were asked for. */
  public static final class Child implements Closeable {
    private final int pid;
    private final List<Closeable> ends;

    private Child(int pid, List<Closeable> ends) {
      this.pid = pid;
      this.ends = ends;
    }

    public int pid() {
      return pid;
    }

    /** The parent's end of pipe {@code i}, which the child writes to. */
    public InputStream reader(int i) {
      return (InputStream) ends.get(i);
    }

    /** The parent's end of pipe {@code i}, which the child reads from. */
    public OutputStream writer(int i) {
      return (OutputStream) ends.get(i);
    }

    /**
     * Reaps the child once it has exited, waiting up to {@code millis} (polling: a blocking
     * {@code waitpid} would hold a virtual thread's carrier), then kills and reaps it.
     *
     * @return its wait status, or -1 when it had to be killed
     */
    public int reap(long millis) {
      long deadline = System.nanoTime() + millis * 1_000_000;
      long pause = 1;
      while (true) {
        int status = waitpid(pid, WNOHANG);
        if (status != Integer.MIN_VALUE) {
          return status;
        }
        if (System.nanoTime() > deadline) {
          kill();
          waitpid(pid, 0);
          return -1;
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          kill();
          waitpid(pid, 0);
          return -1;
        }
        pause = Math.min(pause * 2, 20);
      }
    }

    /** SIGKILLs the child (not yet reaped, so its pid cannot be someone else's). */
    public void kill() {
      try {
        int ignored = (int) Handles.KILL.invokeExact(pid, SIGKILL);
      } catch (Throwable t) {
        throw rethrow(t);
      }
    }

    /** Closes the parent's ends of the pipes. */
    @Override
    public void close() {
      for (Closeable end : ends) {
        try {
          end.close();
        } catch (IOException ignored) {
          // a pipe end that does not close has nothing left to lose
        }
      }
    }
  }

  /**
   * Starts {@code argv} (its first element looked up in {@code PATH} when it has no slash) in
   * {@code cwd} with exactly {@code env} as its environment.
   *
   * @throws IOException when a pipe cannot be made or the program cannot be started
   */
  public static Child start(List<String> argv, Path cwd, Map<String, String> env, List<Pipe> pipes)
      throws IOException {
    int lowest = 3;
    for (Pipe p : pipes) {
      for (int fd : p.childFds()) {
        lowest = Math.max(lowest, fd + 1);
      }
    }
    List<int[]> raw = new ArrayList<>();
    List<Closeable> ends = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      for (Pipe p : pipes) {
        int[] fds = pipe(arena, lowest);
        raw.add(fds);
        // fds[0] reads, fds[1] writes; the parent keeps the end the child does not get
        int mine = p.toChild() ? fds[1] : fds[0];
        String proc = "/proc/self/fd/" + mine;
        ends.add(p.toChild() ? new FileOutputStream(proc) : new FileInputStream(proc));
      }
      int pid = spawn(arena, argv, cwd, env, pipes, raw, lowest);
      return new Child(pid, ends);
    } catch (IOException | RuntimeException e) {
      new Child(0, ends).close();
      throw e;
    } finally {
      for (int[] fds : raw) {
        close(fds[0]);
        close(fds[1]);
      }
    }
  }

  private static int spawn(Arena arena, List<String> argv, Path cwd, Map<String, String> env,
      List<Pipe> pipes, List<int[]> raw, int lowest) throws IOException {
    MemorySegment actions = arena.allocate(OPAQUE, 16);
    MemorySegment attr = arena.allocate(OPAQUE, 16);
    try {
      call((int) Handles.ACTIONS_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
      call((int) Handles.ATTR_INIT.invokeExact(attr), "posix_spawnattr_init");
      try {
        boolean[] named = new boolean[3];
        for (int i = 0; i < pipes.size(); i++) {
          Pipe p = pipes.get(i);
          int theirs = p.toChild() ? raw.get(i)[0] : raw.get(i)[1];
          for (int fd : p.childFds()) {
            call((int) Handles.ADDDUP2.invokeExact(actions, theirs, (int) fd), "adddup2");
            if (fd < 3) {
              named[fd] = true;
            }
          }
        }
        MemorySegment devNull = arena.allocateFrom("/dev/null");
        for (int fd = 0; fd < 3; fd++) {
          if (!named[fd]) {
            call((int) Handles.ADDOPEN.invokeExact(actions, fd, devNull, O_RDWR, 0), "addopen");
          }
        }
        call((int) Handles.ADDCHDIR.invokeExact(actions, arena.allocateFrom(cwd.toString())),
            "addchdir_np");
        call((int) Handles.ADDCLOSEFROM.invokeExact(actions, lowest), "addclosefrom_np");
        MemorySegment empty = arena.allocate(OPAQUE / 4, 16);
        MemorySegment all = arena.allocate(OPAQUE / 4, 16);
        call((int) Handles.SIGEMPTYSET.invokeExact(empty), "sigemptyset");
        call((int) Handles.SIGFILLSET.invokeExact(all), "sigfillset");
        call((int) Handles.SETSIGMASK.invokeExact(attr, empty), "setsigmask");
        call((int) Handles.SETSIGDEFAULT.invokeExact(attr, all), "setsigdefault");
        call((int) Handles.SETFLAGS.invokeExact(attr,
            (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)), "setflags");
        List<String> vars = new ArrayList<>();
        env.forEach((k, v) -> vars.add(k + "=" + v));
        MemorySegment pid = arena.allocate(JAVA_INT);
        int rc = (int) Handles.SPAWNP.invokeExact(pid, arena.allocateFrom(argv.getFirst()),
            actions, attr, strings(arena, argv), strings(arena, vars));
        if (rc != 0) {
          throw new IOException("start " + argv.getFirst() + ": " + Errno.name(rc));
        }
        return pid.get(JAVA_INT, 0);
      } finally {
        int a = (int) Handles.ACTIONS_DESTROY.invokeExact(actions);
        int b = (int) Handles.ATTR_DESTROY.invokeExact(attr);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("posix_spawn", t);
    }
  }

  /** pipe2 with O_CLOEXEC, both ends moved to fds of at least {@code lowest}. */
  private static int[] pipe(Arena arena, int lowest) throws IOException {
    try {
      MemorySegment errno = arena.allocate(CAPTURE);
      MemorySegment fds = arena.allocate(JAVA_INT, 2);
      if ((int) Handles.PIPE2.invokeExact(errno, fds, O_CLOEXEC) < 0) {
        throw new IOException("pipe2: " + Errno.name((int) ERRNO.get(errno, 0L)));
      }
      int[] out = {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
      // a child end below `lowest` could be overwritten by another pipe's dup2 before its own
      for (int i = 0; i < 2; i++) {
        if (out[i] < lowest) {
          int moved = (int) Handles.FCNTL.invokeExact(errno, out[i], F_DUPFD_CLOEXEC, lowest);
          close(out[i]);
          out[i] = moved;
          if (moved < 0) {
            close(out[1 - i]);
            throw new IOException("fcntl F_DUPFD_CLOEXEC: "
                + Errno.name((int) ERRNO.get(errno, 0L)));
          }
        }
      }
      return out;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("pipe2", t);
    }
  }

  private static MemorySegment strings(Arena arena, List<String> values) {
    MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
    for (int i = 0; i < values.size(); i++) {
      array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
    }
    array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
    return array;
  }

  /** The wait status, or {@code Integer.MIN_VALUE} when (with WNOHANG) it has not exited. */
  private static int waitpid(int pid, int options) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment status = arena.allocate(JAVA_INT);
      int rc = (int) Handles.WAITPID.invokeExact(pid, status, options);
      if (rc == 0) {
        return Integer.MIN_VALUE;
      }
      return rc < 0 ? -1 : status.get(JAVA_INT, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static void close(int fd) {
    if (fd < 0) {
      return;
    }
    try {
      int ignored = (int) Handles.CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** The posix_spawn family returns the error number itself, not -1 and errno. */
  private static void call(int rc, String what) throws IOException {
    if (rc != 0) {
      throw new IOException(what + ": " + Errno.name(rc));
    }
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

  private static final class Handles {
    static final MethodHandle ACTIONS_INIT =
        bind("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle ACTIONS_DESTROY =
        bind("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle ADDDUP2 = bind("posix_spawn_file_actions_adddup2",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle ADDOPEN = bind("posix_spawn_file_actions_addopen",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle ADDCHDIR = bind("posix_spawn_file_actions_addchdir_np",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle ADDCLOSEFROM = bind("posix_spawn_file_actions_addclosefrom_np",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle ATTR_INIT =
        bind("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle ATTR_DESTROY =
        bind("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle SETFLAGS = bind("posix_spawnattr_setflags",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, java.lang.foreign.ValueLayout.JAVA_SHORT));
    static final MethodHandle SETSIGMASK = bind("posix_spawnattr_setsigmask",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle SETSIGDEFAULT = bind("posix_spawnattr_setsigdefault",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle SIGEMPTYSET =
        bind("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle SIGFILLSET =
        bind("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle SPAWNP = bind("posix_spawnp", FunctionDescriptor.of(JAVA_INT,
        ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle WAITPID =
        bind("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle KILL =
        bind("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle PIPE2 = LINKER.downcallHandle(
        LINKER.defaultLookup().find("pipe2").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.captureCallState("errno"));
    /** fcntl(2) is variadic (the argument). */
    static final MethodHandle FCNTL = LINKER.downcallHandle(
        LINKER.defaultLookup().find("fcntl").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
        Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(2));

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
      MemorySegment symbol = LINKER.defaultLookup().find(name)
          .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
      return LINKER.downcallHandle(symbol, descriptor);
    }
  }
}
