package io.berth.api.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A test client that writes raw bytes to the socket and reads raw bytes back. */
final class RawClient implements AutoCloseable {
  final SocketChannel channel;

  RawClient(Path socket) throws IOException {
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
  }

  void send(String text) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  /** Reads until EOF. */
  String readAll() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(8192);
    while (channel.read(b) >= 0) {
      out.write(b.array(), 0, b.position());
      b.clear();
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads until {@code marker} has been seen. */
  String readUntil(String marker) throws IOException {
    StringBuilder sb = new StringBuilder();
    ByteBuffer b = ByteBuffer.allocate(1);
    while (!sb.toString().contains(marker)) {
      if (channel.read(b) < 0) {
        break;
      }
      sb.append((char) (b.get(0) & 0xff));
      b.clear();
    }
    return sb.toString();
  }

  InputStream input() {
    return java.nio.channels.Channels.newInputStream(channel);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
