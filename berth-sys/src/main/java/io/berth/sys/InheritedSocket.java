package io.berth.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.channels.Channel;

/**
 * A listening socket handed over by systemd's socket activation (sd_listen_fds(3): fds from 3
 * on). The JDK adopts a listening socket only on fd 0, through {@link System#inheritedChannel()}
 * (which knows AF_UNIX since JDK 16), so the socket is moved there with {@code dup2(2)}; berthd
 * reads nothing from stdin.
 */
public final class InheritedSocket {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final MethodHandle DUP2 = bind("dup2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

  private InheritedSocket() {}

  /**
   * Moves {@code fd} to fd 0 and returns the channel the JDK makes of it: a
   * {@link java.nio.channels.ServerSocketChannel} for a listening stream socket, else something
   * else or null. Call once, before anything else asks for the inherited channel.
   */
  public static Channel adopt(int fd) throws IOException {
    try {
      if ((int) DUP2.invokeExact(fd, 0) < 0) {
        throw new IOException("dup2 of inherited fd " + fd + " failed");
      }
      int ignored = (int) CLOSE.invokeExact(fd);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    return System.inheritedChannel();
  }

  private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
    MemorySegment symbol = LINKER.defaultLookup().find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, descriptor);
  }
}
