package io.berth.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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
 * One connection per request; responses with Content-Length or chunked bodies.
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

  /** Sends one request; a daemon that cannot be reached is a {@link CliException}. */
  public Response call(String method, String target, byte[] body) {
    SocketChannel ch;
    try {
      ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      throw new CliException("Cannot connect to the berth daemon at " + host
          + ". Is berthd running?");
    }
    try (ch) {
      OutputStream out = Channels.newOutputStream(ch);
      StringBuilder head = new StringBuilder()
          .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: berth\r\nUser-Agent: berth-cli\r\nConnection: close\r\n");
      if (body != null) {
        head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length)
            .append("\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(new BufferedInputStream(Channels.newInputStream(ch)));
    } catch (IOException e) {
      throw new CliException("error during connect: " + e.getMessage());
    }
  }

  private static Response read(InputStream in) throws IOException {
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
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (long n = Long.parseLong(line(in).split(";")[0].trim(), 16); n > 0;
          n = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
        body.write(in.readNBytes((int) n));
        line(in);
      }
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else {
      in.transferTo(body);
    }
    return new Response(Integer.parseInt(parts[1]), headers, body.toByteArray());
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      b.write(c);
    }
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** A whole response; header names are lower case. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
