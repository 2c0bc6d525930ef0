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

/**
 * An AF_UNIX SOCK_DGRAM socket, for systemd's {@code NOTIFY_SOCKET} (sd_notify(3)): the JDK's
 * unix-domain channels are stream sockets only. An address starting with {@code @} is in the
 * abstract namespace (a leading NUL, no terminator), as systemd passes it.
 */
public final class UnixDatagram implements Closeable {
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int SUN_PATH = 108;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final MethodHandle SOCKET =
      bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle BIND =
      bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SENDTO = bind("sendto", FunctionDescriptor.of(JAVA_LONG,
      JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle RECV =
      bind("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

  private final int fd;

  private UnixDatagram(int fd) {
    this.fd = fd;
  }

  /** An unbound socket, to send from. */
  public static UnixDatagram open() {
    return new UnixDatagram((int) call(SOCKET, "socket", "datagram", AF_UNIX,
        SOCK_DGRAM | SOCK_CLOEXEC, 0));
  }

  /** A socket bound to {@code address}, to receive on. */
  public static UnixDatagram bound(String address) {
    UnixDatagram s = open();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment addr = sockaddr(arena, address);
      call(BIND, "bind", address, s.fd, addr, (int) addr.byteSize());
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Sends {@code message} as one datagram to {@code address}. */
  public void send(String address, String message) {
    byte[] raw = message.getBytes(StandardCharsets.UTF_8);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment addr = sockaddr(arena, address);
      MemorySegment buf = arena.allocate(Math.max(1, raw.length));
      MemorySegment.copy(raw, 0, buf, JAVA_BYTE, 0, raw.length);
      call(SENDTO, "sendto", address, fd, buf, (long) raw.length, MSG_NOSIGNAL, addr,
          (int) addr.byteSize());
    }
  }

  /** Waits for the next datagram and returns it as UTF-8 text. */
  public String receive() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(4096);
      long n = call(RECV, "recv", "datagram", fd, buf, 4096L, 0);
      return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }
  }

  private static MemorySegment sockaddr(Arena arena, String address) {
    boolean abstractName = address.startsWith("@");
    byte[] name = (abstractName ? address.substring(1) : address)
        .getBytes(StandardCharsets.UTF_8);
    int pathLen = name.length + 1; // the NUL: the terminator, or the abstract marker
    if (pathLen > SUN_PATH) {
      throw new SyscallException("sockaddr_un", address, Errno.ENAMETOOLONG);
    }
    MemorySegment sa = arena.allocate(2 + pathLen);
    sa.set(JAVA_SHORT, 0, (short) AF_UNIX);
    MemorySegment.copy(name, 0, sa, JAVA_BYTE, abstractName ? 3 : 2, name.length);
    return sa;
  }

  @Override
  public void close() {
    call(CLOSE, "close", "datagram", fd);
  }

  private static long call(MethodHandle handle, String name, String what, Object... args) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      Object[] all = new Object[args.length + 1];
      all[0] = errno;
      System.arraycopy(args, 0, all, 1, args.length);
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
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
    MemorySegment symbol = LINKER.defaultLookup().find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"));
  }
}
