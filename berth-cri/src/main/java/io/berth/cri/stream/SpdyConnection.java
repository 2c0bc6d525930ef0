package io.berth.cri.stream;

import io.berth.cri.stream.SpdyFramer.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's side of a SPDY/3.1 connection: the client opens the streams (SYN_STREAM), each
 * is answered (SYN_REPLY) and handed to {@code onStream}; data frames fill a stream's input,
 * its FIN ends it. PINGs are answered; SETTINGS and WINDOW_UPDATE are read and not acted on
 * (spdystream keeps no send window either).
 */
public final class SpdyConnection implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SpdyConnection.class.getName());
  private static final byte[] END = new byte[0];

  private final SpdyFramer framer;
  private final AutoCloseable transport;
  private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public SpdyConnection(InputStream in, OutputStream out, AutoCloseable transport) {
    this.framer = new SpdyFramer(in, out);
    this.transport = transport;
  }

  /** One stream the client opened: its headers, its input, and a way to write back. */
  public final class Stream {
    private final int id;
    private final Map<String, String> headers;
    private final BlockingQueue<byte[]> incoming = new ArrayBlockingQueue<>(64);
    private volatile boolean finSent;
    private final InputStream input = new InputStream() {
      private byte[] chunk = new byte[0];
      private int pos;
      private boolean eof;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        while (!eof && pos >= chunk.length) {
          try {
            chunk = incoming.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stream read interrupted");
          }
          pos = 0;
          eof = chunk == END;
        }
        if (eof) {
          return -1;
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
      }
    };

    Stream(int id, Map<String, String> headers) {
      this.id = id;
      this.headers = headers;
    }

    public String header(String name) {
      return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
    }

    public InputStream input() {
      return input;
    }

    /** Writes {@code data} on the stream, in frames of at most {@link SpdyFramer#MAX_DATA}. */
    public void write(byte[] data, int off, int len) throws IOException {
      for (int i = off; i < off + len; i += SpdyFramer.MAX_DATA) {
        int n = Math.min(SpdyFramer.MAX_DATA, off + len - i);
        framer.write(Frame.data(id, false, java.util.Arrays.copyOfRange(data, i, i + n)));
      }
    }

    /** Half-closes: the client reads the end of the stream. Once. */
    public synchronized void close() {
      if (finSent || closed) {
        return;
      }
      finSent = true;
      try {
        framer.write(Frame.data(id, true, new byte[0]));
      } catch (IOException e) {
        LOG.log(Level.FINE, "SPDY stream " + id + " close", e);
      }
    }

    /** An output stream over {@link #write}; its close is {@link #close}. */
    public OutputStream output() {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          Stream.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          Stream.this.write(b, off, len);
        }

        @Override
        public void close() {
          Stream.this.close();
        }
      };
    }

    void offer(byte[] data) {
      try {
        incoming.put(data);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Reads frames until the connection ends, handing each new stream to {@code onStream} (on
   * the reading thread: it must not block). Every stream's input ends when this returns.
   */
  public void serve(Consumer<Stream> onStream) {
    try {
      for (Frame f = framer.read(); f != null && !closed; f = framer.read()) {
        if (!f.control()) {
          Stream s = streams.get(f.streamId());
          if (s != null) {
            if (f.data().length > 0) {
              s.offer(f.data());
            }
            if (f.fin()) {
              s.offer(END);
            }
          }
          continue;
        }
        switch (f.type()) {
          case SpdyFramer.SYN_STREAM -> {
            Stream s = new Stream(f.streamId(), f.headers());
            streams.put(f.streamId(), s);
            if (f.fin()) {
              s.offer(END);
            }
            onStream.accept(s);
            framer.write(Frame.control(SpdyFramer.SYN_REPLY, 0, f.streamId(), 0, Map.of()));
          }
          case SpdyFramer.RST_STREAM -> {
            Stream s = streams.remove(f.streamId());
            if (s != null) {
              s.finSent = true;
              s.offer(END);
            }
          }
          case SpdyFramer.PING -> framer.write(f);
          case SpdyFramer.GOAWAY -> closed = true;
          default -> { } // SETTINGS, WINDOW_UPDATE, HEADERS
        }
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "SPDY connection ended", e);
    } finally {
      for (Stream s : streams.values()) {
        s.incoming.clear();
        s.offer(END);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      framer.write(Frame.control(SpdyFramer.GOAWAY, 0, 0, 0, Map.of()));
    } catch (IOException e) {
      // the client went first
    }
    try {
      transport.close();
    } catch (Exception e) {
      LOG.log(Level.FINE, "SPDY transport close", e);
    }
  }
}
