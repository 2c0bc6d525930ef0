package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.cli.CliException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The merged model made complete, as {@code docker compose config} prints it: the project
 * {@code name}; relative paths (build contexts, bind sources, env files, secret and config
 * files) made absolute against the project directory; {@code env_file}s read into
 * {@code environment}; every service on the {@code default} network unless it names networks
 * or a network mode; each network, volume, secret and config given its engine name
 * ({@code <project>_<key>} unless external); references to undefined services, networks,
 * volumes and secrets are errors.
 */
final class Resolver {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private final String project;
  private final Path dir;
  private final Map<String, String> env;
  private final YamlFile first;

  Resolver(String project, Path dir, Map<String, String> env, YamlFile first) {
    this.project = project;
    this.dir = dir;
    this.env = env;
    this.first = first;
  }

  ObjectNode resolve(ObjectNode merged) {
    ObjectNode out = F.objectNode().put("name", project);
    ObjectNode services = merged.get("services") instanceof ObjectNode s ? s : F.objectNode();
    ObjectNode networks = objectOf(merged, "networks");
    ObjectNode volumes = objectOf(merged, "volumes");
    ObjectNode secrets = objectOf(merged, "secrets");
    ObjectNode configs = objectOf(merged, "configs");
    boolean usesDefault = false;
    for (var e : services.properties()) {
      String name = e.getKey();
      ObjectNode s = (ObjectNode) e.getValue();
      if (!s.has("image") && !s.has("build")) {
        throw new CliException("service \"" + name + "\" has neither an image nor a build"
            + " context specified: invalid compose project");
      }
      service(name, s);
      if (!s.has("networks") && !s.has("network_mode")) {
        s.set("networks", F.objectNode().putNull("default"));
      }
      for (var n : s.path("networks").properties()) {
        if (n.getKey().equals("default")) {
          usesDefault = true;
        } else if (!networks.has(n.getKey())) {
          throw new CliException("service \"" + name + "\" refers to undefined network "
              + n.getKey() + ": invalid compose project");
        }
      }
      for (JsonNode v : s.path("volumes")) {
        if (v.path("type").asText().equals("volume") && v.has("source")
            && !volumes.has(v.get("source").asText())) {
          throw new CliException("service \"" + name + "\" refers to undefined volume "
              + v.get("source").asText() + ": invalid compose project");
        }
      }
      for (String kind : List.of("secrets", "configs")) {
        ObjectNode top = kind.equals("secrets") ? secrets : configs;
        for (JsonNode r : s.path(kind)) {
          if (!top.has(r.path("source").asText())) {
            throw new CliException("service \"" + name + "\" refers to undefined "
                + kind.substring(0, kind.length() - 1) + " " + r.path("source").asText()
                + ": invalid compose project");
          }
        }
      }
      for (var d : s.path("depends_on").properties()) {
        if (!services.has(d.getKey()) && d.getValue().path("required").asBoolean(true)) {
          throw new CliException("service \"" + name + "\" depends on undefined service \""
              + d.getKey() + "\": invalid compose project");
        }
      }
    }
    if (usesDefault && !networks.has("default")) {
      networks.set("default", F.objectNode());
    }
    named(networks);
    named(volumes);
    files(secrets, "secrets");
    files(configs, "configs");
    out.set("services", services);
    for (var e : List.of(Map.entry("networks", networks), Map.entry("volumes", volumes),
        Map.entry("secrets", secrets), Map.entry("configs", configs))) {
      if (!e.getValue().isEmpty()) {
        out.set(e.getKey(), e.getValue());
      }
    }
    merged.properties().forEach(e -> {
      if (e.getKey().startsWith("x-")) {
        out.set(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  private void service(String name, ObjectNode s) {
    if (s.get("build") instanceof ObjectNode b) {
      b.put("context", path(b.path("context").asText(".")).toString());
      if (!b.has("dockerfile") && !b.has("dockerfile_inline")) {
        b.put("dockerfile", "Dockerfile");
      }
    }
    ObjectNode environment = F.objectNode();
    for (JsonNode f : s.path("env_file")) {
      String file = f.isObject() ? f.path("path").asText() : f.asText();
      EnvFile.read(path(file), env).forEach(environment::put);
    }
    s.remove("env_file");
    if (s.get("environment") instanceof ObjectNode own) {
      environment.setAll(own);
    }
    environment.properties().forEach(e -> {
      if (e.getValue().isNull() && env.containsKey(e.getKey())) {
        environment.put(e.getKey(), env.get(e.getKey()));
      }
    });
    if (!environment.isEmpty()) {
      s.set("environment", environment);
    }
    for (JsonNode v : s.path("volumes")) {
      if (v.path("type").asText().equals("bind") && v instanceof ObjectNode o) {
        o.put("source", path(o.path("source").asText()).toString());
      }
    }
    if (s.has("scale") && !s.path("deploy").has("replicas")) {
      s.set("deploy", (s.get("deploy") instanceof ObjectNode d ? d : F.objectNode())
          .put("replicas", s.get("scale").asInt()));
      s.remove("scale");
    }
    for (String kind : List.of("secrets", "configs")) {
      for (JsonNode r : s.path(kind)) {
        if (r instanceof ObjectNode o && !o.has("target")) {
          o.put("target", kind.equals("secrets") ? "/run/secrets/" + o.path("source").asText()
              : "/" + o.path("source").asText());
        } else if (r instanceof ObjectNode o && kind.equals("secrets")
            && !o.path("target").asText().startsWith("/")) {
          o.put("target", "/run/secrets/" + o.path("target").asText());
        }
      }
    }
  }

  private void named(ObjectNode top) {
    for (var e : top.properties()) {
      ObjectNode o = e.getValue() instanceof ObjectNode x ? x : F.objectNode();
      top.set(e.getKey(), o);
      if (!o.has("name")) {
        o.put("name", o.path("external").asBoolean(false) ? e.getKey()
            : project + "_" + e.getKey());
      }
    }
  }

  private void files(ObjectNode top, String kind) {
    named(top);
    for (var e : top.properties()) {
      ObjectNode o = (ObjectNode) e.getValue();
      if (o.has("file")) {
        o.put("file", path(o.get("file").asText()).toString());
      } else if (!o.path("external").asBoolean(false) && !o.has("environment")
          && !o.has("content")) {
        throw new CliException(first.file() + ": " + kind + "." + e.getKey()
            + ": a file, environment or content is required (external " + kind
            + " need a swarm)");
      }
    }
  }

  private Path path(String p) {
    if (p.startsWith("~/") || p.equals("~")) {
      return Path.of(System.getProperty("user.home") + p.substring(1));
    }
    return dir.resolve(p).normalize();
  }

  private static ObjectNode objectOf(ObjectNode m, String key) {
    return m.get(key) instanceof ObjectNode o ? o : F.objectNode();
  }
}
