package io.berth.api.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connection over a blocking {@link SocketChannel} (unix or TCP). The streams call the
 * channel directly instead of {@code Channels.newInputStream}, whose streams share the
 * channel's blocking lock and so cannot read and write at the same time.
 */
public final class ChannelConnection implements Connection {
  private final SocketChannel channel;
  private final InputStream in = new In();
  private final OutputStream out = new Out();

  public ChannelConnection(SocketChannel channel) {
    this.channel = channel;
  }

  @Override
  public InputStream input() {
    return in;
  }

  @Override
  public OutputStream output() {
    return out;
  }

  @Override
  public void shutdownOutput() throws IOException {
    if (channel.isOpen()) {
      channel.shutdownOutput();
    }
  }

  @Override
  public String describe() {
    return "unix";
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      return channel.read(ByteBuffer.wrap(b, off, len));
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
    }
  }
}
