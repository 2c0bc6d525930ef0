package io.berth.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A daemon stand-in on a temp unix socket: records each request (body de-chunked) and answers
 * from a handler with canned Docker-shaped responses.
 */
final class FakeDaemon implements AutoCloseable {
  record Request(String method, String target, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * A canned answer; {@code chunked} sends the body in two chunks. Status 101 is a hijack:
   * the upgrade head, the body as the raw stream, then what the client sends until it
   * half-closes is kept in {@link #hijackInput}.
   */
  record Reply(int status, String contentType, byte[] body, boolean chunked) {
    static Reply hijack(byte[]... frames) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      for (byte[] f : frames) {
        b.writeBytes(f);
      }
      return new Reply(101, "application/vnd.docker.raw-stream", b.toByteArray(), false);
    }

    static Reply empty(int status) {
      return new Reply(status, "text/plain", new byte[0], false);
    }

    static Reply json(int status, String json) {
      return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8), false);
    }

    static Reply stream(String json) {
      return new Reply(200, "application/json", json.getBytes(StandardCharsets.UTF_8), true);
    }
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  /** What each hijacked request's client sent after the upgrade, by request target. */
  final Map<String, byte[]> hijackInput = new java.util.concurrent.ConcurrentHashMap<>();
  private final ServerSocketChannel server;
  private final Path dir;
  private final Thread thread;

  FakeDaemon(Function<Request, Reply> handler) throws IOException {
    dir = Files.createTempDirectory("berth-fake");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(dir.resolve("d.sock")));
    thread = Thread.ofVirtual().start(() -> {
      while (server.isOpen()) {
        SocketChannel accepted;
        try {
          accepted = server.accept();
        } catch (IOException e) {
          return;
        }
        // One thread per connection: a hijacked attach stays open while wait and start go on.
        Thread.ofVirtual().start(() -> {
          try (SocketChannel ch = accepted) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
            Request r = read(in);
            requests.add(r);
            Reply reply = handler.apply(r);
            write(reply, Channels.newOutputStream(ch));
            if (reply.status() == 101) {
              // Until the client half-closes, or closes outright (a detach): keep what came.
              ByteArrayOutputStream got = new ByteArrayOutputStream();
              try {
                in.transferTo(got);
              } finally {
                hijackInput.put(r.target(), got.toByteArray());
              }
            }
          } catch (IOException e) {
            // the client went away
          }
        });
      }
    });
  }

  String host() {
    return "unix://" + dir.resolve("d.sock");
  }

  Request last() {
    return requests.getLast();
  }

  private static Request read(InputStream in) throws IOException {
    String[] start = DaemonClient.line(in).split(" ");
    Map<String, String> headers = new TreeMap<>();
    for (String h = DaemonClient.line(in); !h.isEmpty(); h = DaemonClient.line(in)) {
      int c = h.indexOf(':');
      headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equals(headers.get("transfer-encoding"))) {
      for (int n = Integer.parseInt(DaemonClient.line(in), 16); n > 0;
          n = Integer.parseInt(DaemonClient.line(in), 16)) {
        body.write(in.readNBytes(n));
        DaemonClient.line(in);
      }
      DaemonClient.line(in);
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    }
    return new Request(start[0], start[1], headers, body.toByteArray());
  }

  private static void write(Reply r, OutputStream out) throws IOException {
    if (r.status() == 101) {
      out.write(("HTTP/1.1 101 UPGRADED\r\nContent-Type: " + r.contentType()
          + "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(r.body());
      out.flush();
      return;
    }
    StringBuilder head = new StringBuilder("HTTP/1.1 " + r.status() + " X\r\n")
        .append("Content-Type: ").append(r.contentType()).append("\r\n");
    head.append(r.chunked() ? "Transfer-Encoding: chunked\r\n"
        : "Content-Length: " + r.body().length + "\r\n").append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!r.chunked()) {
      out.write(r.body());
    } else {
      int half = r.body().length / 2;
      for (int[] part : new int[][] {{0, half}, {half, r.body().length}}) {
        if (part[1] > part[0]) {
          out.write((Integer.toHexString(part[1] - part[0]) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(r.body(), part[0], part[1] - part[0]);
          out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(dir.resolve("d.sock"));
    Files.deleteIfExists(dir);
  }
}
