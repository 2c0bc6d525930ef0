package io.berth.runtime.conmon;

import io.berth.runtime.AttachStream;
import io.berth.sys.SeqpacketSocket;
import io.berth.sys.SyscallException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;

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
 */
final class ConmonAttach implements AttachStream {
  private static final int CHUNK = 8192;
  private static final byte STDERR_PIPE = 3;

  private final SeqpacketSocket socket;
  private final byte[] buf = new byte[32 * 1024];
  private final OutputStream stdin = new StdinStream();

  private ConmonAttach(SeqpacketSocket socket) {
    this.socket = socket;
  }

  static ConmonAttach connect(Path attachSocket) throws IOException {
    try {
      return new ConmonAttach(SeqpacketSocket.connect(attachSocket));
    } catch (SyscallException e) {
      throw new IOException("attach " + attachSocket + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Frame read() throws IOException {
    while (true) {
      int n;
      try {
        n = socket.read(buf);
      } catch (SyscallException e) {
        throw new IOException(e.getMessage(), e);
      }
      if (n < 0) {
        return null;
      }
      if (n > 1) {
        Stream s = buf[0] == STDERR_PIPE ? Stream.STDERR : Stream.STDOUT;
        return new Frame(s, Arrays.copyOfRange(buf, 1, n));
      }
    }
  }

  @Override
  public OutputStream stdin() {
    return stdin;
  }

  @Override
  public void close() {
    socket.close();
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
        throw new IOException("write to container stdin: " + e.getMessage(), e);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (!closed) {
        closed = true;
        try {
          socket.shutdownOutput();
        } catch (SyscallException e) {
          throw new IOException("close container stdin: " + e.getMessage(), e);
        }
      }
    }
  }
}
