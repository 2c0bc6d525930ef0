package io.berth.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP proxy in front of a registry that records every request (method, path,
 * Range), and on demand cuts a blob off after some bytes, flips a byte in a blob, or demands
 * bearer tokens that its own {@code /token} endpoint issues for {@code user:pass} — the
 * faults and the auth flow the pull tests need.
 */
public final class RegistryProxy implements AutoCloseable {
  /** One request as it arrived. */
  public record Seen(String method, String path, String range, String authorization) {}

  public final List<Seen> seen = new CopyOnWriteArrayList<>();
  /** Blob digests (sha256:...) to cut after {@link #cutAfter} bytes, once each. */
  public final Set<String> cutOnce = ConcurrentHashMap.newKeySet();
  public volatile long cutAfter = 1000;
  /** Blob digests whose bodies get one byte flipped, every time. */
  public final Set<String> corrupt = ConcurrentHashMap.newKeySet();
  /** Blob digests held after {@link #stallAfter} bytes until their latch opens. */
  public final Map<String, java.util.concurrent.CountDownLatch> stall = new ConcurrentHashMap<>();
  public volatile long stallAfter = 1000;
  /** When set, everything under /v2/ wants {@code Bearer <token from /token>}. */
  public volatile String bearerUser;
  public volatile String bearerPass;
  /** Tokens issued and still accepted; clearing it forces a refresh. */
  public final Set<String> tokens = ConcurrentHashMap.newKeySet();
  public final AtomicLong tokenRequests = new AtomicLong();

  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();
  private final String upstream;

  public RegistryProxy(String upstreamHost) throws IOException {
    this.upstream = "http://" + upstreamHost;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Blob GETs of {@code digest} seen so far. */
  public long blobGets(String digest) {
    return seen.stream().filter(s -> s.method().equals("GET")
        && s.path().endsWith("/blobs/" + digest)).count();
  }

  public long blobGets() {
    return seen.stream().filter(s -> s.method().equals("GET") && s.path().contains("/blobs/")
        && !s.path().contains("/uploads/")).count();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      seen.add(new Seen(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Range"),
          auth));
      if (path.equals("/token")) {
        token(ex, auth);
        return;
      }
      if (bearerUser != null && (auth == null || !auth.startsWith("Bearer ")
          || !tokens.contains(auth.substring(7)))) {
        String scope = path.startsWith("/v2/") && path.length() > 4
            ? ",scope=\"repository:" + repo(path) + ":pull\"" : "";
        ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host()
            + "/token\",service=\"test-registry\"" + scope);
        byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
            .getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(401, body.length);
        ex.getResponseBody().write(body);
        return;
      }
      forward(ex, path);
    }
  }

  private static String repo(String path) {
    String rest = path.substring(4);
    for (String marker : new String[] {"/manifests/", "/blobs/", "/tags/"}) {
      int i = rest.indexOf(marker);
      if (i >= 0) {
        return rest.substring(0, i);
      }
    }
    return rest;
  }

  private void token(HttpExchange ex, String auth) throws IOException {
    tokenRequests.incrementAndGet();
    String expected = "Basic " + Base64.getEncoder().encodeToString(
        (bearerUser + ":" + bearerPass).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(auth)) {
      ex.sendResponseHeaders(401, -1);
      return;
    }
    String t = UUID.randomUUID().toString();
    tokens.add(t);
    byte[] body = ("{\"token\":\"" + t + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
  }

  private void forward(HttpExchange ex, String path) throws IOException {
    String query = ex.getRequestURI().getRawQuery();
    URI target = URI.create(upstream + path + (query == null ? "" : "?" + query));
    byte[] body = ex.getRequestBody().readAllBytes();
    HttpRequest.Builder b = HttpRequest.newBuilder(target).method(ex.getRequestMethod(),
        body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
      String k = h.getKey().toLowerCase();
      if (Set.of("host", "connection", "content-length", "authorization", "upgrade",
          "expect").contains(k)) {
        continue;
      }
      h.getValue().forEach(v -> b.header(h.getKey(), v));
    }
    HttpResponse<InputStream> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
    r.headers().map().forEach((k, vs) -> {
      if (k.equalsIgnoreCase("content-length") || k.equalsIgnoreCase("transfer-encoding")
          || k.equalsIgnoreCase("connection") || k.equals(":status")) {
        return;
      }
      for (String v : vs) {
        ex.getResponseHeaders().add(k, v.replace(upstream, "http://" + host()));
      }
    });
    long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    boolean head = ex.getRequestMethod().equals("HEAD");
    String digest = path.contains("/blobs/sha256:") ? path.substring(path.lastIndexOf('/') + 1)
        : null;
    boolean cut = digest != null && !head && cutOnce.remove(digest);
    boolean flip = digest != null && !head && corrupt.contains(digest);
    ex.sendResponseHeaders(r.statusCode(), head || length == 0 ? -1 : length < 0 ? 0 : length);
    try (InputStream in = r.body(); OutputStream out = ex.getResponseBody()) {
      if (head) {
        return;
      }
      byte[] data = in.readAllBytes();
      if (flip && data.length > 0) {
        data[data.length / 2] ^= 0x55;
      }
      java.util.concurrent.CountDownLatch latch = digest == null ? null : stall.get(digest);
      if (latch != null && !head) {
        int first = (int) Math.min(stallAfter, data.length);
        out.write(data, 0, first);
        out.flush();
        try {
          latch.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        out.write(data, first, data.length - first);
        return;
      }
      if (cut) {
        out.write(data, 0, (int) Math.min(cutAfter, data.length));
        out.flush();
        // drop the connection mid-body: the client sees fewer bytes than Content-Length
        throw new IOException("cut");
      }
      out.write(data);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
