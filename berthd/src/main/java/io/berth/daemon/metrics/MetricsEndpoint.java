package io.berth.daemon.metrics;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} in the Prometheus text format on {@code --metrics-addr}, plain HTTP, as
 * dockerd serves it. The JDK's own HTTP server: one read-only path needs nothing more.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /**
   * Binds {@code addr} ({@code host:port}) and serves {@code registry}.
   *
   * @throws IOException when the address cannot be bound
   */
  public static MetricsEndpoint start(String addr, PrometheusRegistry registry)
      throws IOException {
    InetSocketAddress bind = parse(addr);
    HttpServer server = HttpServer.create(bind, 16);
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    server.createContext("/metrics", ex -> {
      try (ex) {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
          ex.sendResponseHeaders(405, -1);
          return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writer.write(body, registry.scrape());
        ex.getResponseHeaders().set("Content-Type", writer.getContentType());
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(200, head ? -1 : body.size());
        if (!head) {
          try (OutputStream out = ex.getResponseBody()) {
            body.writeTo(out);
          }
        }
      }
    });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return new MetricsEndpoint(server);
  }

  /** {@code host:port}, the host possibly {@code [v6]}; refuses anything else by name. */
  static InetSocketAddress parse(String addr) {
    int colon = addr.lastIndexOf(':');
    if (colon <= 0 || colon == addr.length() - 1) {
      throw new IllegalArgumentException("invalid metrics-addr " + addr + ": want host:port");
    }
    String host = addr.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(addr.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid metrics-addr " + addr + ": bad port");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("invalid metrics-addr " + addr + ": bad port");
    }
    return new InetSocketAddress(host, port);
  }

  /** The bound port (for an address with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
