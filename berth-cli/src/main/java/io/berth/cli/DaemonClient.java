package io.berth.cli;

import io.berth.common.BoundedInputStream;
import io.berth.common.Messages;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over berthd's unix socket (the JDK's HttpClient cannot dial one).
 * One connection per request. Request bodies stream from an {@link InputStream} (with
 * Content-Length when the size is known, chunked otherwise); response bodies are read whole
 * ({@link #call}) or as a stream ({@link #open}), so images never sit in memory.
 */
public final class DaemonClient {
  private final String host;
  private final Path socket;

  public DaemonClient(String host) {
    if (!host.startsWith("unix://")) {
      throw new CliException("unsupported host " + host + ": the berth CLI speaks unix:// only");
    }
    this.host = host;
    this.socket = Path.of(host.substring("unix://".length()));
  }

  public String host() {
    return host;
  }

  /** Sends one request with an optional JSON body and reads the whole response. */
  public Response call(String method, String target, byte[] body) {
    Body b = body == null ? null : Body.json(body);
    try (Streamed s = open(method, target, b)) {
      return new Response(s.status(), s.headers(), s.body().readAllBytes());
    } catch (IOException e) {
      throw new CliException("error during connect: " + Messages.of(e));
    }
  }

  /**
   * Sends one request, streaming {@code body} if not null, and returns once the response head
   * is read; the caller reads and closes the body. An unreachable daemon is a
   * {@link CliException}.
   */
  public Streamed open(String method, String target, Body body) {
    return open(method, target, body, false, Map.of());
  }

  /** {@link #open(String, String, Body)} with extra request headers (X-Registry-Auth). */
  public Streamed open(String method, String target, Body body, Map<String, String> headers) {
    return open(method, target, body, false, headers);
  }

  /**
   * A hijacked request (attach, exec start): sent with {@code Connection: Upgrade} and
   * {@code Upgrade: tcp}; the daemon must answer {@code 101 UPGRADED}, after which the socket
   * carries the raw stream both ways. An error status is the daemon's message as a
   * {@link CliException}; any other status is docker's "unable to upgrade" error.
   */
  public Hijacked hijack(String method, String target, Body body) {
    Streamed s = open(method, target, body, true, Map.of());
    if (s.status() == 101) {
      return new Hijacked(s.channel(), s.body(), Channels.newOutputStream(s.channel()));
    }
    try (s) {
      Api.check(new Response(s.status(), s.headers(), s.body().readAllBytes()));
    } catch (IOException e) {
      throw new CliException("error during connect: " + Messages.of(e));
    }
    throw new CliException("unable to upgrade to tcp, received " + s.status());
  }

  private Streamed open(String method, String target, Body body, boolean upgrade,
      Map<String, String> extra) {
    SocketChannel ch;
    try {
      ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      throw new CliException("Cannot connect to the berth daemon at " + host
          + ". Is berthd running?");
    }
    try {
      OutputStream out = Channels.newOutputStream(ch);
      StringBuilder head = new StringBuilder()
          .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: berth\r\nUser-Agent: berth-cli\r\n")
          .append(upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "Connection: close\r\n");
      extra.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        head.append("Content-Type: ").append(body.contentType()).append("\r\n");
        head.append(body.length() >= 0 ? "Content-Length: " + body.length()
            : "Transfer-Encoding: chunked").append("\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        try {
          send(body, out);
        } catch (IOException e) {
          // The daemon may answer (say, 404) and close before reading the whole body: show that
          // answer rather than the broken pipe.
        }
      }
      out.flush();
      return read(ch, new BufferedInputStream(Channels.newInputStream(ch)));
    } catch (IOException e) {
      close(ch);
      throw new CliException("error during connect: " + Messages.of(e));
    }
  }

  private static void send(Body body, OutputStream out) throws IOException {
    if (body.length() >= 0) {
      body.in().transferTo(out);
      return;
    }
    byte[] buf = new byte[64 * 1024];
    for (int n = body.in().read(buf); n >= 0; n = body.in().read(buf)) {
      if (n > 0) {
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(buf, 0, n);
        out.write(CRLF);
      }
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  private static final byte[] CRLF = {'\r', '\n'};

  private static Streamed read(SocketChannel ch, InputStream in) throws IOException {
    String status = line(in);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2) {
      throw new IOException("malformed status line: " + status);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int c = h.indexOf(':');
      if (c > 0) {
        headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
      }
    }
    InputStream body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = new Chunked(in);
    } else if (headers.containsKey("content-length")) {
      body = BoundedInputStream.owning(in, Long.parseLong(headers.get("content-length")));
    } else {
      body = in;
    }
    return new Streamed(Integer.parseInt(parts[1]), headers, new FilterInputStream(body) {
      @Override
      public void close() {
        DaemonClient.close(ch);
      }
    }, ch);
  }

  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      b.write(c);
    }
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static void close(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing left to do with a connection we are done with
    }
  }

  /** A request body: its media type, its bytes, and its length or -1 to send it chunked. */
  public record Body(String contentType, InputStream in, long length) {
    static Body json(byte[] bytes) {
      return new Body("application/json", new java.io.ByteArrayInputStream(bytes), bytes.length);
    }
  }

  /** A whole response; header names are lower case. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A response whose body is still on the wire; closing it closes the connection. */
  public record Streamed(int status, Map<String, String> headers, InputStream body,
      SocketChannel channel) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  /**
   * A hijacked connection: {@code in} is what the daemon sends (stdcopy frames, or raw bytes for
   * a tty), {@code out} goes to the container's stdin. {@link #closeWrite} half-closes the
   * socket, as docker's CLI does when its stdin ends, and output keeps coming.
   */
  public record Hijacked(SocketChannel channel, InputStream in, OutputStream out)
      implements AutoCloseable {
    public void closeWrite() {
      try {
        channel.shutdownOutput();
      } catch (IOException e) {
        // the daemon already closed its side: nothing to tell it
      }
    }

    @Override
    public void close() {
      DaemonClient.close(channel);
    }
  }

  /** A chunked body (RFC 9112 §7.1), trailers skipped. */
  private static final class Chunked extends FilterInputStream {
    private long left;
    private boolean done;

    Chunked(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (left == 0 && !next()) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IOException("connection closed inside a chunk");
      }
      left -= n;
      if (left == 0) {
        line(in);
      }
      return n;
    }

    private boolean next() throws IOException {
      if (done) {
        return false;
      }
      String size = line(in).split(";")[0].trim();
      if (size.isEmpty()) {
        throw new IOException("connection closed before the last chunk");
      }
      left = Long.parseLong(size, 16);
      if (left == 0) {
        done = true;
        for (String t = line(in); !t.isEmpty(); t = line(in)) {
          // trailer fields: none that berth uses
        }
        return false;
      }
      return true;
    }
  }
}
