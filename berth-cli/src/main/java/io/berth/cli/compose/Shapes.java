package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.cli.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The short syntaxes of one file rewritten to the long ones, before files are merged: lists of
 * {@code KEY=VALUE} become maps, {@code "8080:80"} a port object, {@code "./d:/d:ro"} a volume
 * object, a {@code depends_on} list a map of conditions, a command string an argument list.
 * Merging and everything after it then sees one shape per key, as compose-go's loader.
 */
final class Shapes {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Shapes() {}

  static void normalise(YamlFile file) {
    JsonNode services = file.tree().path("services");
    if (!services.isObject()) {
      return;
    }
    for (var e : services.properties()) {
      if (e.getValue().isNull()) {
        ((ObjectNode) services).set(e.getKey(), F.objectNode());
      } else if (e.getValue() instanceof ObjectNode s) {
        service(s, "services." + e.getKey(), file);
      } else {
        throw new CliException(file.where("services." + e.getKey()) + ": services."
            + e.getKey() + " must be a mapping");
      }
    }
  }

  private static void service(ObjectNode s, String path, YamlFile file) {
    for (String k : List.of("environment", "labels", "sysctls", "annotations")) {
      if (s.has(k)) {
        s.set(k, map(s.get(k), path + "." + k, file, k.equals("environment")));
      }
    }
    if (s.get("build") != null && s.get("build").isTextual()) {
      s.set("build", F.objectNode().put("context", s.get("build").asText()));
    }
    if (s.get("build") instanceof ObjectNode b) {
      for (String k : List.of("args", "labels")) {
        if (b.has(k)) {
          b.set(k, map(b.get(k), path + ".build." + k, file, k.equals("args")));
        }
      }
    }
    for (String k : List.of("command", "entrypoint")) {
      if (s.get(k) != null && s.get(k).isTextual()) {
        s.set(k, strings(ShellWords.split(s.get(k).asText())));
      }
    }
    for (String k : List.of("env_file", "dns", "dns_search", "tmpfs", "cap_add", "cap_drop",
        "profiles", "expose")) {
      if (s.get(k) != null && !s.get(k).isArray() && !s.get(k).isNull()) {
        s.set(k, F.arrayNode().add(s.get(k).asText()));
      } else if (s.get(k) instanceof ArrayNode a) {
        for (int i = 0; i < a.size(); i++) {
          if (a.get(i).isValueNode()) {
            a.set(i, F.textNode(a.get(i).asText()));
          }
        }
      }
    }
    if (s.get("extra_hosts") instanceof ObjectNode hosts) {
      ArrayNode list = F.arrayNode();
      hosts.properties().forEach(h -> list.add(h.getKey() + ":" + h.getValue().asText()));
      s.set("extra_hosts", list);
    }
    if (s.get("healthcheck") instanceof ObjectNode h && h.has("test") && h.get("test").isTextual()) {
      h.set("test", F.arrayNode().add("CMD-SHELL").add(h.get("test").asText()));
    }
    if (s.has("depends_on")) {
      s.set("depends_on", dependsOn(s.get("depends_on")));
    }
    if (s.get("networks") instanceof ArrayNode a) {
      ObjectNode m = F.objectNode();
      a.forEach(n -> m.putNull(n.asText()));
      s.set("networks", m);
    }
    if (s.get("ports") instanceof ArrayNode a) {
      ArrayNode out = F.arrayNode();
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i) instanceof ObjectNode o) {
          out.add(portObject(o));
        } else {
          try {
            Ports.parse(a.get(i).asText()).forEach(out::add);
          } catch (IllegalArgumentException ex) {
            throw new CliException(file.where(path + ".ports") + ": " + path + ".ports: "
                + ex.getMessage());
          }
        }
      }
      s.set("ports", out);
    }
    if (s.get("volumes") instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isTextual()) {
          a.set(i, volume(a.get(i).asText(), path + ".volumes", file));
        }
      }
    }
    for (String k : List.of("secrets", "configs")) {
      if (s.get(k) instanceof ArrayNode a) {
        for (int i = 0; i < a.size(); i++) {
          if (a.get(i).isTextual()) {
            a.set(i, F.objectNode().put("source", a.get(i).asText()));
          }
        }
      }
    }
    if (s.get("ulimits") instanceof ObjectNode u) {
      u.properties().forEach(e -> {
        if (e.getValue().isNumber() || e.getValue().isTextual()) {
          u.set(e.getKey(), F.objectNode().put("soft", e.getValue().asLong())
              .put("hard", e.getValue().asLong()));
        }
      });
    }
  }

  private static ObjectNode portObject(ObjectNode o) {
    if (o.has("published")) {
      o.put("published", o.get("published").asText());
    }
    if (!o.has("mode")) {
      o.put("mode", "ingress");
    }
    if (!o.has("protocol")) {
      o.put("protocol", "tcp");
    }
    return o;
  }

  /** A list of {@code KEY=VALUE} (a bare KEY is null) or a map, as a map of strings. */
  static ObjectNode map(JsonNode v, String path, YamlFile file, boolean nullable) {
    ObjectNode m = F.objectNode();
    if (v instanceof ArrayNode a) {
      for (JsonNode item : a) {
        String s = item.asText();
        int eq = s.indexOf('=');
        if (eq < 0) {
          if (nullable) {
            m.putNull(s);
          } else {
            m.put(s, "");
          }
        } else {
          m.put(s.substring(0, eq), s.substring(eq + 1));
        }
      }
    } else if (v instanceof ObjectNode o) {
      o.properties().forEach(e -> {
        if (e.getValue().isNull()) {
          if (nullable) {
            m.putNull(e.getKey());
          } else {
            m.put(e.getKey(), "");
          }
        } else if (e.getValue().isValueNode()) {
          m.put(e.getKey(), e.getValue().asText());
        } else {
          throw new CliException(file.where(path + "." + e.getKey()) + ": " + path + "."
              + e.getKey() + " must be a string, number, boolean or null");
        }
      });
    } else if (!v.isNull()) {
      throw new CliException(file.where(path) + ": " + path + " must be a mapping or a list");
    }
    return m;
  }

  private static ObjectNode dependsOn(JsonNode v) {
    ObjectNode m = F.objectNode();
    if (v instanceof ArrayNode a) {
      a.forEach(n -> m.set(n.asText(), F.objectNode().put("condition", "service_started")
          .put("required", true)));
    } else if (v instanceof ObjectNode o) {
      o.properties().forEach(e -> {
        ObjectNode d = e.getValue() instanceof ObjectNode x ? x : F.objectNode();
        if (!d.has("condition")) {
          d.put("condition", "service_started");
        }
        if (!d.has("required")) {
          d.put("required", true);
        }
        m.set(e.getKey(), d);
      });
    }
    return m;
  }

  /** {@code [SOURCE:]TARGET[:MODE]}: a path source is a bind, a name a volume. */
  static ObjectNode volume(String spec, String path, YamlFile file) {
    List<String> parts = new ArrayList<>(List.of(spec.split(":", -1)));
    ObjectNode v = F.objectNode();
    if (parts.size() == 1) {
      return v.put("type", "volume").put("target", parts.getFirst());
    }
    if (parts.size() > 3) {
      throw new CliException(file.where(path) + ": invalid volume specification: " + spec);
    }
    String source = parts.get(0);
    boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
    v.put("type", bind ? "bind" : "volume").put("source", source).put("target", parts.get(1));
    if (parts.size() == 3) {
      for (String mode : parts.get(2).split(",")) {
        switch (mode) {
          case "ro" -> v.put("read_only", true);
          case "rw" -> { }
          case "nocopy" -> v.set("volume", F.objectNode().put("nocopy", true));
          case "z", "Z" -> v.set("bind", F.objectNode().put("selinux", mode));
          default -> {
            if (!List.of("shared", "rshared", "slave", "rslave", "private", "rprivate")
                .contains(mode)) {
              throw new CliException(file.where(path) + ": invalid volume mode " + mode
                  + " in " + spec);
            }
            v.set("bind", F.objectNode().put("propagation", mode));
          }
        }
      }
    }
    if (bind) {
      ObjectNode b = v.get("bind") instanceof ObjectNode x ? x : F.objectNode();
      b.put("create_host_path", true);
      v.set("bind", b);
    }
    return v;
  }

  private static ArrayNode strings(List<String> words) {
    ArrayNode a = F.arrayNode();
    words.forEach(a::add);
    return a;
  }

  static Map<String, String> strings(JsonNode map) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    map.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? null
        : e.getValue().asText()));
    return out;
  }
}
