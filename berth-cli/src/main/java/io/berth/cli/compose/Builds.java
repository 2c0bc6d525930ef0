package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import io.berth.cli.CliException;
import io.berth.cli.ContextTar;
import io.berth.cli.DaemonClient;
import io.berth.cli.JsonMessages;
import io.berth.common.DockerIgnore;
import io.berth.common.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's image built with the engine's classic {@code POST /build} (what docker-compose
 * 1.29 does with {@code COMPOSE_DOCKER_CLI_BUILD=0}): the context tar, minus
 * {@code .dockerignore}, with dockerfile, args, target and labels from {@code build:}.
 */
final class Builds {
  private Builds() {}

  static void build(Session s, Project p, String service, boolean noCache, boolean pull,
      boolean quiet) {
    ObjectNode b = (ObjectNode) p.service(service).get("build");
    Path dir = Path.of(b.path("context").asText());
    if (!Files.isDirectory(dir)) {
      throw new CliException("unable to prepare context: path \"" + dir + "\" not found");
    }
    String dockerfile = b.path("dockerfile").asText("Dockerfile");
    List<String> tags = new ArrayList<>(List.of(p.image(service)));
    b.path("tags").forEach(t -> tags.add(t.asText()));
    StringBuilder q = new StringBuilder("/build?dockerfile=" + Engine.q(dockerfile));
    tags.forEach(t -> q.append("&t=").append(Engine.q(t)));
    try {
      if (b.has("args")) {
        ObjectNode args = b.get("args").deepCopy();
        b.get("args").properties().forEach(e -> {
          if (e.getValue().isNull()) {
            String v = p.env().get(e.getKey());
            if (v == null) {
              args.remove(e.getKey());
            } else {
              args.put(e.getKey(), v);
            }
          }
        });
        q.append("&buildargs=").append(Engine.q(Json.MAPPER.writeValueAsString(args)));
      }
      if (b.has("labels")) {
        q.append("&labels=").append(Engine.q(Json.MAPPER.writeValueAsString(b.get("labels"))));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (b.has("target")) {
      q.append("&target=").append(Engine.q(b.get("target").asText()));
    }
    if (b.has("network")) {
      q.append("&networkmode=").append(Engine.q(b.get("network").asText()));
    }
    if (noCache || b.path("no_cache").asBoolean(false)) {
      q.append("&nocache=1");
    }
    if (pull || b.path("pull").asBoolean(false)) {
      q.append("&pull=1");
    }
    q.append("&rm=1");
    try (DaemonClient.Streamed st = s.engine.api.stream("POST", s.engine.v() + q,
        new DaemonClient.Body("application/x-tar", tar(dir, dockerfile), -1))) {
      var it = Json.MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(st.body());
      while (it.hasNextValue()) {
        JsonNode m = it.nextValue();
        if (m.has("errorDetail") || m.has("error")) {
          throw new CliException("failed to solve: " + m.path("errorDetail").path("message")
              .asText(m.path("error").asText()));
        }
        if (!quiet) {
          JsonMessages.show(m, s.err);
        }
      }
    } catch (IOException e) {
      throw new CliException("error building " + service + ": " + Messages.of(e));
    }
    s.progress("Service", service, "Built");
  }

  private static InputStream tar(Path dir, String dockerfile) throws IOException {
    Path ignoreFile = dir.resolve(".dockerignore");
    DockerIgnore ignore = new DockerIgnore(Files.exists(ignoreFile)
        ? Files.readString(ignoreFile) : "");
    PipedInputStream in = new PipedInputStream(256 * 1024);
    OutputStream out = new PipedOutputStream(in);
    Thread.ofVirtual().name("compose-build-context").start(() -> {
      try (out) {
        ContextTar.write(dir, ignore, List.of(dockerfile, ".dockerignore"), out);
      } catch (IOException e) {
        // the request failed: its error is reported by the reader
      }
    });
    return in;
  }
}
