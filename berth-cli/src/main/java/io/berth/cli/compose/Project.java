package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.cli.CliException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded project: its name, directory, files, and the resolved model (the tree
 * {@code config} prints). Services with {@code profiles} are active only when one of their
 * profiles is enabled, or when a command names them.
 */
record Project(String name, Path workingDir, List<Path> configFiles, Path envFile,
    ObjectNode model, Set<String> profiles, Map<String, String> env) {

  /** Every service in the file, active or not, in file order. */
  Map<String, ObjectNode> allServices() {
    Map<String, ObjectNode> m = new LinkedHashMap<>();
    model.path("services").properties().forEach(e -> m.put(e.getKey(), (ObjectNode) e.getValue()));
    return m;
  }

  /** The services the enabled profiles make active. */
  Map<String, ObjectNode> services() {
    Map<String, ObjectNode> m = new LinkedHashMap<>();
    allServices().forEach((n, s) -> {
      if (active(s)) {
        m.put(n, s);
      }
    });
    return m;
  }

  private boolean active(ObjectNode s) {
    if (!s.has("profiles") || s.get("profiles").isEmpty() || profiles.contains("*")) {
      return true;
    }
    for (JsonNode p : s.get("profiles")) {
      if (profiles.contains(p.asText())) {
        return true;
      }
    }
    return false;
  }

  ObjectNode service(String name) {
    ObjectNode s = allServices().get(name);
    if (s == null) {
      throw new CliException("no such service: " + name);
    }
    return s;
  }

  /**
   * The services to act on: the named ones (or every active one) and, unless
   * {@code noDeps}, what they depend on, in dependency order (dependencies first).
   */
  List<String> selection(Collection<String> named, boolean noDeps) {
    Set<String> chosen = new LinkedHashSet<>();
    if (named.isEmpty()) {
      chosen.addAll(services().keySet());
    } else {
      for (String n : named) {
        service(n);
        chosen.add(n);
      }
    }
    if (!noDeps) {
      List<String> queue = new ArrayList<>(chosen);
      while (!queue.isEmpty()) {
        String n = queue.removeFirst();
        for (String d : dependencies(n)) {
          if (allServices().containsKey(d) && chosen.add(d)) {
            queue.add(d);
          }
        }
      }
    }
    return order(chosen);
  }

  /** The services {@code name} depends on. */
  List<String> dependencies(String name) {
    List<String> out = new ArrayList<>();
    service(name).path("depends_on").properties().forEach(e -> out.add(e.getKey()));
    return out;
  }

  /** {@code names} sorted so that each comes after what it depends on; a cycle is an error. */
  List<String> order(Collection<String> names) {
    List<String> out = new ArrayList<>();
    Set<String> visiting = new LinkedHashSet<>();
    for (String n : names) {
      visit(n, names, visiting, out);
    }
    return out;
  }

  private void visit(String n, Collection<String> names, Set<String> visiting, List<String> out) {
    if (out.contains(n)) {
      return;
    }
    if (!visiting.add(n)) {
      throw new CliException("dependency cycle detected: " + String.join(" -> ", visiting)
          + " -> " + n);
    }
    for (String d : dependencies(n)) {
      if (names.contains(d)) {
        visit(d, names, visiting, out);
      }
    }
    visiting.remove(n);
    out.add(n);
  }

  /** The engine name of top-level network {@code key}. */
  String networkName(String key) {
    return model.path("networks").path(key).path("name").asText(name + "_" + key);
  }

  String volumeName(String key) {
    return model.path("volumes").path(key).path("name").asText(name + "_" + key);
  }

  /** The image a service runs: its {@code image}, or {@code <project>-<service>} when built. */
  String image(String service) {
    ObjectNode s = service(service);
    return s.has("image") ? s.get("image").asText() : name + "-" + service;
  }

  /** The number of containers {@code service} should have. */
  int replicas(String service) {
    return service(service).path("deploy").path("replicas").asInt(1);
  }
}
