package io.berth.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.common.BerthException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * etcd v3 through its JSON gateway ({@code POST /v3/kv/range}, {@code /v3/kv/txn},
 * {@code /v3/lease/grant}, {@code /v3/lease/keepalive}, {@code /v3/watch}; keys and values
 * base64, 64-bit numbers as strings, fields at their default value left out), with
 * java.net.http and Jackson (ADR 0124: no gRPC stack for six calls). Endpoints are tried in
 * turn; the one that answered last is asked first.
 */
public final class EtcdClient implements ClusterStore {
  private static final Logger LOG = Logger.getLogger(EtcdClient.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final List<URI> endpoints;
  private final HttpClient http;
  private volatile int current;

  /**
   * @param endpoints {@code http://host:port} or {@code https://host:port}, in order
   * @param tls the client's TLS context for https endpoints, or null
   */
  public EtcdClient(List<URI> endpoints, SSLContext tls) {
    if (endpoints.isEmpty()) {
      throw BerthException.invalid("the cluster store needs at least one endpoint");
    }
    this.endpoints = List.copyOf(endpoints);
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT)
        .version(HttpClient.Version.HTTP_1_1);
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
  }

  @Override
  public Range range(String prefix) {
    ObjectNode req = JSON.createObjectNode().put("key", b64(prefix))
        .put("range_end", prefixEnd(prefix));
    JsonNode r = call("/v3/kv/range", req);
    List<KeyValue> out = new ArrayList<>();
    for (JsonNode kv : r.path("kvs")) {
      out.add(keyValue(kv));
    }
    return new Range(out, r.path("header").path("revision").asLong());
  }

  @Override
  public boolean createAll(List<String> absent, List<KeyValue> puts, long lease) {
    ObjectNode req = JSON.createObjectNode();
    ArrayNode compare = req.putArray("compare");
    for (String k : absent) {
      compare.addObject().put("key", b64(k)).put("target", "CREATE").put("result", "EQUAL")
          .put("create_revision", "0");
    }
    ArrayNode success = req.putArray("success");
    for (KeyValue kv : puts) {
      success.addObject().set("request_put", putRequest(kv.key(), kv.value(), lease));
    }
    return call("/v3/kv/txn", req).path("succeeded").asBoolean(false);
  }

  @Override
  public void put(String key, String value, long lease) {
    call("/v3/kv/put", putRequest(key, value, lease));
  }

  @Override
  public void delete(List<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    ObjectNode req = JSON.createObjectNode();
    req.putArray("compare");
    ArrayNode success = req.putArray("success");
    for (String k : keys) {
      success.addObject().putObject("request_delete_range").put("key", b64(k));
    }
    call("/v3/kv/txn", req);
  }

  @Override
  public long grant(int ttlSeconds) {
    JsonNode r = call("/v3/lease/grant", JSON.createObjectNode().put("TTL", ttlSeconds));
    if (r.hasNonNull("error") && !r.path("error").asText().isEmpty()) {
      throw new BerthException.Unavailable("etcd: grant a lease: " + r.path("error").asText(),
          null);
    }
    return r.path("ID").asLong();
  }

  /** {@code /v3/lease/keepalive} is a stream; one request in, one answer out, then it ends. */
  @Override
  public boolean keepAlive(long lease) {
    JsonNode r = call("/v3/lease/keepalive", JSON.createObjectNode().put("ID",
        Long.toString(lease)));
    return r.path("result").path("TTL").asLong(0) > 0;
  }

  @Override
  public void revoke(long lease) {
    call("/v3/lease/revoke", JSON.createObjectNode().put("ID", Long.toString(lease)));
  }

  /**
   * {@code /v3/watch}: one create request, then a stream of JSON objects, one per line, each
   * {@code {"result":{"header":{"revision":…},"events":[…]}}}.
   */
  @Override
  public Watch watch(String prefix, long revision, Consumer<Long> changed, Runnable broken) {
    ObjectNode req = JSON.createObjectNode();
    ObjectNode create = req.putObject("create_request").put("key", b64(prefix))
        .put("range_end", prefixEnd(prefix));
    if (revision > 0) {
      create.put("start_revision", Long.toString(revision + 1));
    }
    AtomicBoolean closed = new AtomicBoolean();
    URI uri = endpoints.get(current).resolve("/v3/watch");
    HttpRequest request = HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.ofString(req.toString())).build();
    java.util.concurrent.CompletableFuture<HttpResponse<Stream<String>>> f =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    Thread t = Thread.ofVirtual().name("etcd-watch").start(() -> {
      try (Stream<String> lines = f.get().body()) {
        lines.forEach(line -> {
          if (closed.get()) {
            throw new IllegalStateException("closed");
          }
          JsonNode r = parse(line).path("result");
          if (r.path("canceled").asBoolean(false)) {
            throw new IllegalStateException("watch canceled: " + r.path("cancel_reason"));
          }
          if (r.path("events").size() > 0) {
            changed.accept(r.path("header").path("revision").asLong());
          }
        });
      } catch (Exception e) {
        if (!closed.get()) {
          LOG.log(Level.FINE, "etcd watch ended", e);
        }
      }
      if (!closed.get()) {
        broken.run();
      }
    });
    return () -> {
      closed.set(true);
      f.cancel(true);
      t.interrupt();
    };
  }

  @Override
  public void close() {
    http.close();
  }

  private JsonNode call(String path, ObjectNode body) {
    IOException last = null;
    int n = endpoints.size();
    for (int i = 0; i < n; i++) {
      int at = (current + i) % n;
      HttpRequest req = HttpRequest.newBuilder(endpoints.get(at).resolve(path)).timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
      try {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        current = at;
        JsonNode out = parse(r.body().lines().findFirst().orElse("{}"));
        if (r.statusCode() != 200) {
          throw new BerthException.Unavailable("etcd " + endpoints.get(at) + path + ": "
              + r.statusCode() + " " + out.path("message").asText(out.path("error").asText()),
              null);
        }
        return out;
      } catch (IOException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BerthException.Unavailable("etcd: interrupted", e);
      }
    }
    throw new BerthException.Unavailable("cluster store unavailable: no etcd endpoint of "
        + endpoints + " answers: " + (last == null ? "" : last.toString()), last);
  }

  private static ObjectNode putRequest(String key, String value, long lease) {
    ObjectNode put = JSON.createObjectNode().put("key", b64(key)).put("value", b64(value));
    if (lease != 0) {
      put.put("lease", Long.toString(lease));
    }
    return put;
  }

  private static KeyValue keyValue(JsonNode kv) {
    return new KeyValue(unb64(kv.path("key").asText()), unb64(kv.path("value").asText("")),
        kv.path("mod_revision").asLong(), kv.path("lease").asLong(0));
  }

  private static JsonNode parse(String s) {
    try {
      return JSON.readTree(s.isBlank() ? "{}" : s);
    } catch (IOException e) {
      throw new BerthException.Unavailable("etcd: not JSON: " + s, e);
    }
  }

  /**
   * The end of etcd's range for a prefix, base64: the prefix's bytes with the last one that is
   * not 0xff plus one (etcd's clientv3.GetPrefixRangeEnd); all 0xff means "to the end", "\0".
   */
  static String prefixEnd(String prefix) {
    byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
    for (int i = b.length - 1; i >= 0; i--) {
      if ((b[i] & 0xff) < 0xff) {
        b[i]++;
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b, i + 1));
      }
    }
    return Base64.getEncoder().encodeToString(new byte[] {0});
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String unb64(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }
}
