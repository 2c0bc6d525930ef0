package io.berth.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A curl-style client that sends exactly the bytes given over berthd's socket and returns
 * the raw answer: for requests no well-behaved client library would send.
 */
final class RawHttp {
  private RawHttp() {}

  /** The status and body of one answer. */
  record Answer(int status, String head, String body) {}

  /** Sends a request with a Content-Length body, then reads the answer to EOF. */
  static Answer send(Path socket, String method, String target, String contentType,
      InputStream body, long length) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      String head = method + " " + target + " HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n"
          + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
          + "Content-Length: " + length + "\r\n\r\n";
      write(ch, head.getBytes(StandardCharsets.ISO_8859_1));
      byte[] buf = new byte[64 * 1024];
      try {
        for (int n = body.read(buf); n > 0; n = body.read(buf)) {
          write(ch, ByteBuffer.wrap(buf, 0, n));
        }
      } catch (IOException e) {
        // the daemon answered and hung up before reading everything: read its answer
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Channels.newInputStream(ch).transferTo(out);
      String all = out.toString(StandardCharsets.UTF_8);
      int split = all.indexOf("\r\n\r\n");
      if (split < 0) {
        throw new IOException("no answer: " + all);
      }
      int status = Integer.parseInt(all.substring(9, 12));
      return new Answer(status, all.substring(0, split), all.substring(split + 4));
    }
  }

  static Answer send(Path socket, String method, String target, String contentType, byte[] body)
      throws IOException {
    return send(socket, method, target, contentType, new java.io.ByteArrayInputStream(body),
        body.length);
  }

  private static void write(SocketChannel ch, byte[] b) throws IOException {
    write(ch, ByteBuffer.wrap(b));
  }

  private static void write(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Resident memory of a process in bytes, from {@code /proc/<pid>/status}. */
  static long rss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for " + pid);
  }

  /** Open file descriptors of a process. */
  static int fds(long pid) throws IOException {
    try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return (int) s.count();
    }
  }
}
