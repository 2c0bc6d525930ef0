package io.berth.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.Closeable;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connected AF_UNIX SOCK_SEQPACKET client socket. The JDK's unix-domain channels are
 * SOCK_STREAM only, and conmon's attach socket is SEQPACKET: every message it sends is one
 * packet whose first byte names the stream, so message boundaries matter.
 *
 * <p>Paths longer than {@code sun_path} (108 bytes with the NUL) are reached through
 * {@code /proc/self/fd/<dirfd>/<name>} with the parent directory opened {@code O_PATH}, the
 * same trick conmon uses to bind (conmon {@code src/conn_sock.c}, {@code bind_relative_to_dir}).
 *
 * <p>One thread may read while another writes. {@link #close} shuts the socket down first, so
 * a thread blocked in {@link #read} wakes up with end-of-stream.
 */
public final class SeqpacketSocket implements Closeable {
  private static final int AF_UNIX = 1;
  private static final int SOCK_SEQPACKET = 5;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int O_PATH = 0x200000;
  private static final int O_CLOEXEC = 0x80000;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int SHUT_WR = 1;
  private static final int SHUT_RDWR = 2;
  private static final int SUN_PATH = 108;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final MethodHandle SOCKET =
      bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle CONNECT =
      bind("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle RECV =
      bind("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle SEND =
      bind("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle SHUTDOWN =
      bind("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle OPEN =
      bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

  private final int fd;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SeqpacketSocket(int fd) {
    this.fd = fd;
  }

  /** Connects to the socket at {@code path}, however long the path is. */
  public static SeqpacketSocket connect(Path path) {
    byte[] raw = path.toString().getBytes(StandardCharsets.UTF_8);
    if (raw.length < SUN_PATH) {
      return connectShort(path.toString());
    }
    int dirfd = (int) call(OPEN, "open", path.getParent().toString(), path.getParent().toString(),
        O_PATH | O_CLOEXEC);
    try {
      return connectShort("/proc/self/fd/" + dirfd + "/" + path.getFileName());
    } finally {
      closeFd(dirfd);
    }
  }

  private static SeqpacketSocket connectShort(String path) {
    int fd = (int) call(SOCKET, "socket", path, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment addr = arena.allocate(2 + SUN_PATH);
      addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
      byte[] raw = path.getBytes(StandardCharsets.UTF_8);
      MemorySegment.copy(raw, 0, addr, JAVA_BYTE, 2, raw.length);
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) CONNECT.invokeExact(errno, fd, addr, (int) addr.byteSize());
      if (rc < 0) {
        throw new SyscallException("connect", path, (int) ERRNO.get(errno, 0L));
      }
      return new SeqpacketSocket(fd);
    } catch (Throwable t) {
      closeFd(fd);
      throw rethrow(t);
    }
  }

  /**
   * Receives one packet into {@code buf} (truncated if larger); returns its length, or -1 at
   * end of stream (peer closed or shut down, or this socket closed).
   */
  public int read(byte[] buf) {
    if (closed.get()) {
      return -1;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = arena.allocate(buf.length);
      long n = (long) call(RECV, "recv", "attach", fd, seg, (long) buf.length, 0);
      if (n == 0) {
        return -1;
      }
      MemorySegment.copy(seg, JAVA_BYTE, 0, buf, 0, (int) n);
      return (int) n;
    } catch (SyscallException e) {
      if (closed.get()) {
        return -1;
      }
      throw e;
    }
  }

  /** Sends {@code len} bytes as one packet; MSG_NOSIGNAL turns a closed peer into EPIPE. */
  public void write(byte[] buf, int off, int len) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = arena.allocate(Math.max(1, len));
      MemorySegment.copy(buf, off, seg, JAVA_BYTE, 0, len);
      call(SEND, "send", "attach", fd, seg, (long) len, MSG_NOSIGNAL);
    }
  }

  /** shutdown(SHUT_WR): the peer reads end-of-stream; we can still read. */
  public void shutdownOutput() {
    if (!closed.get()) {
      call(SHUTDOWN, "shutdown", "attach", fd, SHUT_WR);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        call(SHUTDOWN, "shutdown", "attach", fd, SHUT_RDWR);
      } catch (SyscallException ignored) {
        // ENOTCONN when the peer is gone: closing is all that is left to do
      }
      closeFd(fd);
    }
  }

  private static void closeFd(int fd) {
    try {
      call(CLOSE, "close", "fd " + fd, fd);
    } catch (SyscallException ignored) {
      // nothing useful to do about a failed close(2)
    }
  }

  /** Invokes {@code handle} (errno capture first), retrying EINTR; negative results throw. */
  private static long call(MethodHandle handle, String name, String what, Object... args) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      Object[] all = new Object[args.length + 1];
      all[0] = errno;
      for (int i = 0; i < args.length; i++) {
        all[i + 1] = args[i] instanceof String s ? arena.allocateFrom(s) : args[i];
      }
      while (true) {
        long rc = ((Number) handle.invokeWithArguments(all)).longValue();
        if (rc >= 0) {
          return rc;
        }
        int e = (int) ERRNO.get(errno, 0L);
        if (e != Errno.EINTR) {
          throw new SyscallException(name, what, e);
        }
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
    MemorySegment symbol = LINKER.defaultLookup().find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"));
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call failed", t);
  }
}
