package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.ApiVersion;
import io.berth.api.model.Json;
import io.berth.cli.Api;
import io.berth.cli.CliException;
import io.berth.cli.ContextTar;
import io.berth.cli.DaemonClient;
import io.berth.common.Messages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Docker Engine API calls compose makes, over the CLI's {@link Api}: nothing here is berth's
 * own, so the same calls drive berthd and a real dockerd.
 */
final class Engine {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  final Api api;
  private String prefix;

  Engine(Api api) {
    this.api = api;
  }

  /**
   * The path prefix of every call: {@code /v1.44}, or the daemon's own API version when it is
   * older (docker's client negotiation: dockerd 20.10 serves 1.41 at most), read once from the
   * unversioned {@code GET /version}.
   */
  String v() {
    if (prefix == null) {
      ApiVersion mine = ApiVersion.CURRENT;
      try {
        ApiVersion theirs = ApiVersion.parse(api.get("/version").path("ApiVersion").asText());
        prefix = "/v" + (theirs != null && theirs.compareTo(mine) < 0 ? theirs : mine);
      } catch (RuntimeException e) {
        prefix = Api.V;
      }
    }
    return prefix;
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Containers carrying every label in {@code labels} ("k=v" or "k"), by service and number. */
  List<JsonNode> containers(boolean all, String... labels) {
    ObjectNode filters = F.objectNode();
    var l = filters.putArray("label");
    for (String s : labels) {
      l.add(s);
    }
    List<JsonNode> out = new ArrayList<>();
    api.get(v() + "/containers/json?all=" + (all ? 1 : 0) + "&filters=" + q(filters.toString()))
        .forEach(out::add);
    out.sort(Comparator.comparing((JsonNode c) -> label(c, Labels.SERVICE))
        .thenComparingInt(c -> number(c)));
    return out;
  }

  /** The project's service containers (not one-offs). */
  List<JsonNode> containers(String project, boolean all) {
    return containers(all, Labels.PROJECT + "=" + project, Labels.ONEOFF + "=False");
  }

  static String label(JsonNode c, String key) {
    JsonNode labels = c.has("Labels") ? c.get("Labels") : c.path("Config").path("Labels");
    return labels.path(key).asText("");
  }

  static int number(JsonNode c) {
    try {
      return Integer.parseInt(label(c, Labels.NUMBER));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The container's name without the leading slash. */
  static String name(JsonNode c) {
    String n = c.has("Names") ? c.path("Names").path(0).asText() : c.path("Name").asText();
    return n.startsWith("/") ? n.substring(1) : n;
  }

  JsonNode inspect(String id) {
    return api.get(v() + "/containers/" + q(id) + "/json");
  }

  /** The image's id, or null when the engine has no such image. */
  String imageId(String ref) {
    try {
      return api.get(v() + "/images/" + ref + "/json").path("Id").asText(null);
    } catch (CliException e) {
      if (e.notFound()) {
        return null;
      }
      throw e;
    }
  }

  /** Inspects a network or volume; null when there is none. */
  JsonNode find(String kind, String name) {
    try {
      return api.get(v() + "/" + kind + "/" + q(name));
    } catch (CliException e) {
      if (e.notFound()) {
        return null;
      }
      throw e;
    }
  }

  JsonNode post(String path, JsonNode body) {
    return api.post(v() + path, body);
  }

  JsonNode call(String method, String path) {
    return api.call(method, v() + path);
  }

  String create(ContainerSpec.Spec spec) {
    String id = api.post(v() + "/containers/create?name=" + q(spec.name()), spec.body())
        .path("Id").asText();
    for (ContainerSpec.Attachment a : spec.more()) {
      api.post(v() + "/networks/" + q(a.network()) + "/connect",
          F.objectNode().put("Container", id).set("EndpointConfig", a.endpoint()));
    }
    if (!spec.files().isEmpty()) {
      ByteArrayOutputStream tar = new ByteArrayOutputStream();
      try {
        ContextTar.files(spec.files(), tar);
        try (DaemonClient.Streamed r = api.stream("PUT", v() + "/containers/" + q(id)
            + "/archive?path=%2F", new DaemonClient.Body("application/x-tar",
                new ByteArrayInputStream(tar.toByteArray()), tar.size()))) {
          r.body().transferTo(OutputStream.nullOutputStream());
        }
      } catch (IOException e) {
        throw new CliException("copying secrets into " + spec.name() + ": " + Messages.of(e));
      }
    }
    return id;
  }

  void start(String id) {
    call("POST", "/containers/" + q(id) + "/start");
  }

  void stop(String id, Integer timeout) {
    call("POST", "/containers/" + q(id) + "/stop" + (timeout == null ? "" : "?t=" + timeout));
  }

  void remove(String id, boolean volumes, boolean force) {
    call("DELETE", "/containers/" + q(id) + "?v=" + volumes + "&force=" + force);
  }

  /** A streamed call; the caller closes it. */
  DaemonClient.Streamed stream(String method, String path) {
    return api.stream(method, v() + path, null);
  }

  /** Pulls {@code image}, reading the progress stream to its end; an error in it is thrown. */
  void pull(String image) {
    String name = image;
    String tag = "latest";
    int at = image.indexOf('@');
    int colon = image.lastIndexOf(':');
    if (at >= 0) {
      name = image.substring(0, at);
      tag = image.substring(at + 1);
    } else if (colon > image.lastIndexOf('/')) {
      name = image.substring(0, colon);
      tag = image.substring(colon + 1);
    }
    try (DaemonClient.Streamed s = stream("POST", "/images/create?fromImage=" + q(name) + "&tag="
        + q(tag))) {
      failOnError(s);
    } catch (IOException e) {
      throw new CliException("error pulling " + image + ": " + Messages.of(e));
    }
  }

  static void failOnError(DaemonClient.Streamed s) throws IOException {
    var it = Json.MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(s.body());
    while (it.hasNextValue()) {
      JsonNode m = it.nextValue();
      if (m.has("error") || m.has("errorDetail")) {
        throw new CliException(m.path("errorDetail").path("message").asText(
            m.path("error").asText()));
      }
    }
  }
}
