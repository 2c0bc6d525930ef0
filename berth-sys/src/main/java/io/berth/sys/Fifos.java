package io.berth.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes to a FIFO without ever waiting for its reader. {@code open(2)} of a FIFO for writing
 * blocks until a reader opens it; the JDK's file calls make that open in native code, where it
 * pins the virtual thread's carrier, and a FIFO whose reader is gone (a conmon that exited)
 * then holds a carrier for ever. With {@code O_NONBLOCK} the open fails at once with
 * {@code ENXIO} instead (fifo(7)), and a message of at most {@code PIPE_BUF} bytes is written
 * whole or not at all (pipe(7)).
 */
public final class Fifos {
  private static final int O_WRONLY = 01;
  private static final int O_NONBLOCK = 04000;
  private static final int O_CLOEXEC = 02000000;
  private static final int PIPE_BUF = 4096;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();

  private Fifos() {}

  /**
   * Writes {@code message} (at most 4096 bytes) to the FIFO at {@code path} if a reader has it
   * open and its pipe has room.
   *
   * @return false when nothing reads it (ENXIO), the path is gone, or the pipe is full
   */
  public static boolean offer(Path path, String message) {
    byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length > PIPE_BUF) {
      throw new IllegalArgumentException("a FIFO message is at most " + PIPE_BUF + " bytes");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int fd = (int) Handles.OPEN.invokeExact(errno, arena.allocateFrom(path.toString()),
          O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0);
      if (fd < 0) {
        return false; // ENXIO: no reader; ENOENT: gone
      }
      try {
        MemorySegment buf = arena.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, buf, JAVA_BYTE, 0, bytes.length);
        long n = (long) Handles.WRITE.invokeExact(errno, fd, buf, (long) bytes.length);
        return n == bytes.length;
      } finally {
        int unused = (int) Handles.CLOSE.invokeExact(fd);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("fifo write", t);
    }
  }

  private static final class Handles {
    static final MethodHandle OPEN = LINKER.downcallHandle(
        LINKER.defaultLookup().find("open").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
        Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(2));
    static final MethodHandle WRITE = LINKER.downcallHandle(
        LINKER.defaultLookup().find("write").orElseThrow(),
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
        Linker.Option.captureCallState("errno"));
    static final MethodHandle CLOSE = LINKER.downcallHandle(
        LINKER.defaultLookup().find("close").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  }
}
