package io.berth.cri.stream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The CRI's streaming server (ADR 0127): the URL that Exec, Attach and PortForward answer with,
 * on plain HTTP at 127.0.0.1 and a port of its own, as containerd's. A URL names a one-time
 * token (valid for a minute); the client upgrades the request to SPDY/3.1 and speaks
 * {@code v4.channel.k8s.io} (exec, attach) or {@code portforward.k8s.io} over it
 * ({@link ExecSession}, {@link PortForwardSession}).
 */
public final class StreamingServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StreamingServer.class.getName());
  private static final long TOKEN_NANOS = 60_000_000_000L;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a token stands for. {@code id} is a container's, or for port-forward a pod's. */
  public record Request(String kind, String id, List<String> cmd, boolean tty, boolean stdin,
      boolean stdout, boolean stderr) {}

  private record Pending(Request request, long madeNanos) {}

  private final ServerSocket listener;
  private final StreamBackend backend;
  private final Map<String, Pending> tokens = new ConcurrentHashMap<>();
  private final Thread acceptor;

  private StreamingServer(ServerSocket listener, StreamBackend backend) {
    this.listener = listener;
    this.backend = backend;
    this.acceptor = Thread.ofVirtual().name("cri-streaming").start(this::accept);
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port). */
  public static StreamingServer start(int port, StreamBackend backend) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    return new StreamingServer(s, backend);
  }

  /** A new URL for {@code r}. */
  public String url(Request r) {
    byte[] t = new byte[12];
    RANDOM.nextBytes(t);
    String token = HexFormat.of().formatHex(t);
    long now = System.nanoTime();
    tokens.values().removeIf(p -> now - p.madeNanos() > TOKEN_NANOS);
    tokens.put(token, new Pending(r, now));
    return "http://127.0.0.1:" + listener.getLocalPort() + "/" + r.kind() + "/" + token;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        Thread.ofVirtual().name("cri-stream").start(() -> serve(s));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.log(Level.WARNING, "streaming server accept", e);
        }
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      List<String> head = HttpHead.read(in);
      if (head.isEmpty()) {
        return;
      }
      String[] line = head.getFirst().split(" ");
      String path = line.length > 1 ? line[1] : "";
      String[] parts = path.split("/");
      Pending p = parts.length == 3 ? tokens.remove(parts[2]) : null;
      if (p == null || !p.request().kind().equals(parts[1])
          || System.nanoTime() - p.madeNanos() > TOKEN_NANOS) {
        HttpHead.answer(out, "404 Not Found", List.of(), "no such streaming session\n");
        return;
      }
      Map<String, List<String>> headers = HttpHead.headers(head);
      if (!HttpHead.first(headers, "upgrade").toLowerCase(Locale.ROOT).contains("spdy/3.1")) {
        // WebSocket (v5.channel.k8s.io) is not spoken yet: a client that can, falls back
        HttpHead.answer(out, "400 Bad Request", List.of(), "upgrade to SPDY/3.1 required\n");
        return;
      }
      boolean forward = p.request().kind().equals("portforward");
      List<String> offered = new ArrayList<>();
      headers.getOrDefault("x-stream-protocol-version", List.of())
          .forEach(v -> offered.addAll(List.of(v.split("\\s*,\\s*"))));
      String protocol = forward ? "portforward.k8s.io" : "v4.channel.k8s.io";
      if (!offered.isEmpty() && !offered.contains(protocol)) {
        HttpHead.answer(out, "403 Forbidden", List.of(), "protocols " + offered
            + " are not supported; " + protocol + " is\n");
        return;
      }
      HttpHead.answer(out, "101 Switching Protocols", List.of("Connection: Upgrade",
          "Upgrade: SPDY/3.1", "X-Stream-Protocol-Version: " + protocol), null);
      SpdyConnection conn = new SpdyConnection(in, out, s);
      if (forward) {
        new PortForwardSession(conn, backend, p.request().id()).run();
      } else {
        new ExecSession(conn, backend, p.request()).run();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "streaming session ended", e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    acceptor.interrupt();
  }

  /** An HTTP/1.1 request head and a bodyless answer: all that an upgrade needs. */
  static final class HttpHead {
    private HttpHead() {}

    /** The request line and header lines, without the blank line; empty at EOF. */
    static List<String> read(InputStream in) throws IOException {
      List<String> lines = new ArrayList<>();
      StringBuilder b = new StringBuilder();
      int total = 0;
      for (int c = in.read(); c >= 0; c = in.read()) {
        if (++total > 65536) {
          throw new IOException("request head too long");
        }
        if (c == '\n') {
          String l = b.toString().strip();
          b.setLength(0);
          if (l.isEmpty()) {
            return lines;
          }
          lines.add(l);
        } else {
          b.append((char) c);
        }
      }
      return List.of();
    }

    static Map<String, List<String>> headers(List<String> head) {
      Map<String, List<String>> out = new java.util.HashMap<>();
      for (String l : head.subList(1, head.size())) {
        int i = l.indexOf(':');
        if (i > 0) {
          out.computeIfAbsent(l.substring(0, i).strip().toLowerCase(Locale.ROOT),
              k -> new ArrayList<>()).add(l.substring(i + 1).strip());
        }
      }
      return out;
    }

    static String first(Map<String, List<String>> h, String name) {
      List<String> v = h.get(name);
      return v == null || v.isEmpty() ? "" : v.getFirst();
    }

    static void answer(OutputStream out, String status, List<String> headers, String body)
        throws IOException {
      StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
      headers.forEach(h -> b.append(h).append("\r\n"));
      if (body != null) {
        b.append("Content-Type: text/plain\r\nContent-Length: ")
            .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
      }
      b.append("\r\n");
      if (body != null) {
        b.append(body);
      }
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }
}
