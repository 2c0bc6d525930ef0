package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.berth.api.model.ApiVersion;
import io.berth.api.model.Json;
import io.berth.api.model.JsonTree;
import io.berth.common.Messages;
import java.io.IOException;

/** Typed calls on top of {@link DaemonClient}: JSON in, JSON out, API errors as exceptions. */
public final class Api {
  /** The path prefix of every versioned call, such as {@code /v1.44}. */
  public static final String V = "/v" + ApiVersion.CURRENT;

  private final DaemonClient client;

  public Api(DaemonClient client) {
    this.client = client;
  }

  public JsonNode get(String path) {
    return call("GET", path);
  }

  /** A call without a request body; an empty response body is a {@link MissingNode}. */
  public JsonNode call(String method, String path) {
    return parse(client.call(method, path, null));
  }

  private static JsonNode parse(DaemonClient.Response r) {
    check(r);
    if (r.body().length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return JsonTree.read(r.body());
    } catch (IOException e) {
      throw new CliException("invalid response from daemon: " + Messages.of(e));
    }
  }

  /** A call with a JSON body; an empty response body is a {@link MissingNode}. */
  public JsonNode post(String path, JsonNode body) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return parse(client.call("POST", path, bytes));
  }

  /** A hijacked call (attach, exec start); see {@link DaemonClient#hijack}. */
  public DaemonClient.Hijacked hijack(String path, JsonNode body) {
    try {
      return client.hijack("POST", path,
          body == null ? null : DaemonClient.Body.json(Json.MAPPER.writeValueAsBytes(body)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  DaemonClient client() {
    return client;
  }

  /** A call whose response body is read as a stream; the caller closes it. */
  public DaemonClient.Streamed stream(String method, String path, DaemonClient.Body body) {
    return stream(method, path, body, java.util.Map.of());
  }

  /** {@link #stream(String, String, DaemonClient.Body)} with extra request headers. */
  public DaemonClient.Streamed stream(String method, String path, DaemonClient.Body body,
      java.util.Map<String, String> headers) {
    DaemonClient.Streamed s = client.open(method, path, body, headers);
    if (s.status() >= 400) {
      try (s) {
        check(new DaemonClient.Response(s.status(), s.headers(), s.body().readAllBytes()));
      } catch (IOException e) {
        throw new CliException("error during connect: " + Messages.of(e));
      }
    }
    return s;
  }

  /** Docker's CLI shows the daemon's message after "Error response from daemon: ". */
  static void check(DaemonClient.Response r) {
    if (r.status() < 400) {
      return;
    }
    String msg = r.text().trim();
    try {
      JsonNode n = JsonTree.read(r.body());
      if (n != null && n.has("message")) {
        msg = n.get("message").asText();
      }
    } catch (IOException e) {
      // not JSON: show the raw body
    }
    throw new CliException("Error response from daemon: " + msg, 1, r.status());
  }
}
