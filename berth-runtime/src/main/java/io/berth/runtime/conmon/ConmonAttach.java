package io.berth.runtime.conmon;

import io.berth.common.Messages;
import io.berth.common.StdStream;
import io.berth.runtime.AttachStream;
import io.berth.sys.SeqpacketSocket;
import io.berth.sys.SyscallException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A connection to conmon's attach socket (AF_UNIX SOCK_SEQPACKET). Every packet conmon sends
 * is one read of the container's stdout or stderr pipe (at most 8 KiB) behind one byte naming
 * the pipe: 2 = stdout, 3 = stderr ({@code stdpipe_t} in conmon's {@code src/utils.h}); with a
 * terminal everything comes as stdout. Input is written to the container's stdin as is.
 *
 * <p>conmon reads input packets into a 32 KiB buffer and silently cuts longer ones, so stdin is
 * sent in 8 KiB packets. Closing {@link #stdin()} shuts our side down for writing; conmon then
 * closes the container's stdin (EOF) unless it runs with {@code --leave-stdin-open}, and keeps
 * sending output. conmon closes the connection once the process exited and its output drained.
 *
 * <p>{@code recv} is a blocking native call, and a virtual thread blocked in native code pins
 * its carrier: with one carrier per core, a few attached clients would stall every virtual
 * thread of the daemon. So packets are received on a platform thread of this stream's own and
 * handed over through a small queue, on which a virtual reader waits without pinning.
 */
final class ConmonAttach implements AttachStream {
  private static final int CHUNK = 8192;
  private static final byte STDERR_PIPE = 3;

  private static final Object END = new Object();

  private final SeqpacketSocket socket;
  private final OutputStream stdin = new StdinStream();
  private final BlockingQueue<Object> packets = new ArrayBlockingQueue<>(16);
  private volatile boolean closed;
  private Thread receiver;
  private boolean ended;

  private ConmonAttach(SeqpacketSocket socket) {
    this.socket = socket;
  }

  static ConmonAttach connect(Path attachSocket) throws IOException {
    try {
      return new ConmonAttach(SeqpacketSocket.connect(attachSocket));
    } catch (SyscallException e) {
      throw new IOException("attach " + attachSocket + ": " + Messages.of(e), e);
    }
  }

  @Override
  public Frame read() throws IOException {
    if (ended) {
      return null;
    }
    if (receiver == null) {
      receiver = Thread.ofPlatform().daemon().name("attach-recv").stackSize(256 * 1024)
          .start(this::receive);
    }
    Object o;
    try {
      o = packets.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("attach read interrupted");
    }
    if (o instanceof Frame f) {
      return f;
    }
    ended = true;
    if (o instanceof IOException e) {
      throw new IOException(e.getMessage(), e);
    }
    return null;
  }

  /** The platform thread: receives packets until end of stream, an error or {@link #close}. */
  private void receive() {
    byte[] buf = new byte[32 * 1024];
    Object last = END;
    try {
      for (int n = socket.read(buf); n >= 0 && !closed; n = socket.read(buf)) {
        if (n > 1) {
          StdStream s = buf[0] == STDERR_PIPE ? StdStream.STDERR : StdStream.STDOUT;
          if (!hand(new Frame(s, Arrays.copyOfRange(buf, 1, n)))) {
            return;
          }
        }
      }
    } catch (SyscallException e) {
      last = new IOException(e.getMessage(), e);
    }
    hand(last);
  }

  /** Queues {@code o} for the reader; false when the stream was closed meanwhile. */
  private boolean hand(Object o) {
    try {
      while (!closed) {
        if (packets.offer(o, 100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public OutputStream stdin() {
    return stdin;
  }

  @Override
  public void close() {
    closed = true;
    socket.close();
    // wakes a reader waiting for a packet that will not come
    packets.clear();
    packets.offer(END);
  }

  private final class StdinStream extends OutputStream {
    private boolean closed;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("stdin closed");
      }
      try {
        for (int i = 0; i < len; i += CHUNK) {
          socket.write(b, off + i, Math.min(CHUNK, len - i));
        }
      } catch (SyscallException e) {
        throw new IOException("write to container stdin: " + Messages.of(e), e);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (!closed) {
        closed = true;
        try {
          socket.shutdownOutput();
        } catch (SyscallException e) {
          throw new IOException("close container stdin: " + Messages.of(e), e);
        }
      }
    }
  }
}
