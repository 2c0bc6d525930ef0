package io.berth.api.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.IdResponse;
import io.berth.api.model.Json;
import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Route;
import io.berth.build.ContainerCommitter;
import io.berth.common.BerthException;
import io.berth.engine.Container;
import io.berth.engine.ContainerConfig;
import io.berth.engine.ContainerEvent;
import io.berth.engine.ContainerMonitoring;
import io.berth.image.Reference;
import io.berth.oci.ImageConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /commit} ({@code docker commit}): the container's config, overridden by the
 * request body's non-empty fields and then by {@code changes}, becomes the new image's; 201
 * {@code {"Id":"sha256:..."}}, and a container {@code commit} event as dockerd's.
 */
public final class CommitRoutes {
  private CommitRoutes() {}

  public static List<Route> routes(ContainerMonitoring containers,
      ContainerCommitter committer) {
    return List.of(Route.post("/commit", ex -> commit(containers, committer, ex)));
  }

  private static void commit(ContainerMonitoring containers, ContainerCommitter committer,
      Exchange ex) throws IOException {
    String ref = ex.query("container");
    if (ref == null || ref.isEmpty()) {
      throw BerthException.invalid("No container specified");
    }
    Container c = containers.inspect(ref).container();
    ContainerConfig cc = c.config();
    ImageConfig.RunConfig config = new ImageConfig.RunConfig(cc.user(), cc.exposedPorts(),
        cc.env(), cc.entrypoint(), cc.cmd(), cc.volumes(), cc.workingDir(), cc.labels(),
        cc.stopSignal(), cc.healthcheck() == null ? null : cc.healthcheck().toImage(),
        cc.onBuild(), cc.shell());
    byte[] body = JsonBody.bytes(ex);
    if (body.length > 0) {
      config = override(config, Json.MAPPER.readTree(body));
    }
    List<String> command = new ArrayList<>();
    command.add(c.path());
    if (c.args() != null) {
      command.addAll(c.args());
    }
    var id = committer.commit(new ContainerCommitter.Request(c.id(), c.image(), config, command,
        ex.request().queryAll("changes"), ex.query("comment"), ex.query("author"),
        ex.query("repo"), ex.query("tag"), WireNames.MAPPER.valueToTree(cc)));
    containers.events().publish(ContainerEvent.of(c, "commit", Map.of(
        "comment", orEmpty(ex.query("comment")), "imageID", id.toString(),
        "imageRef", imageRef(ex.query("repo"), ex.query("tag")))));
    ex.json(201, new IdResponse(id.toString()));
  }

  /** The new name in its familiar form, without a default tag (as moby's), or empty. */
  private static String imageRef(String repo, String tag) {
    Reference ref = ContainerCommitter.name(repo, tag);
    return ref == null ? "" : ref.familiar();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** The body's {@code Config} fields that are set replace the container's. */
  private static ImageConfig.RunConfig override(ImageConfig.RunConfig c, JsonNode b) {
    if (b == null || !b.isObject()) {
      return c;
    }
    return new ImageConfig.RunConfig(
        text(b, "User", c.user()), map(b, "ExposedPorts", c.exposedPorts()),
        list(b, "Env", c.env()), list(b, "Entrypoint", c.entrypoint()), list(b, "Cmd", c.cmd()),
        map(b, "Volumes", c.volumes()), text(b, "WorkingDir", c.workingDir()),
        b.path("Labels").isObject() && !b.path("Labels").isEmpty()
            ? Json.MAPPER.convertValue(b.get("Labels"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {})
            : c.labels(),
        text(b, "StopSignal", c.stopSignal()), b.path("Healthcheck").isObject()
            ? Json.MAPPER.convertValue(b.get("Healthcheck"), ImageConfig.Healthcheck.class)
            : c.healthcheck(),
        list(b, "OnBuild", c.onBuild()), list(b, "Shell", c.shell()));
  }

  private static String text(JsonNode b, String field, String fallback) {
    String v = b.path(field).asText("");
    return v.isEmpty() ? fallback : v;
  }

  private static List<String> list(JsonNode b, String field, List<String> fallback) {
    JsonNode n = b.path(field);
    if (!n.isArray() || n.isEmpty()) {
      return fallback;
    }
    List<String> out = new ArrayList<>();
    n.forEach(e -> out.add(e.asText()));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(JsonNode b, String field, Map<String, Object> fallback) {
    JsonNode n = b.path(field);
    return n.isObject() && !n.isEmpty() ? Json.MAPPER.convertValue(n, Map.class) : fallback;
  }
}
