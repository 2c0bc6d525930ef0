package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.cli.CliException;
import io.berth.common.Messages;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The project's networks and volumes: made when missing (with Compose's labels), checked when
 * {@code external}, removed by {@code down}.
 */
final class Resources {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Resources() {}

  /** The top-level network keys the services use. */
  static Set<String> networksOf(Project p, Collection<String> services) {
    Set<String> keys = new LinkedHashSet<>();
    for (String s : services) {
      p.service(s).path("networks").properties().forEach(e -> keys.add(e.getKey()));
    }
    return keys;
  }

  static Set<String> volumesOf(Project p, Collection<String> services) {
    Set<String> keys = new LinkedHashSet<>();
    for (String s : services) {
      for (JsonNode v : p.service(s).path("volumes")) {
        if (v.path("type").asText().equals("volume") && v.has("source")) {
          keys.add(v.get("source").asText());
        }
      }
    }
    return keys;
  }

  static void ensureNetworks(Session s, Project p, Collection<String> services) {
    for (String key : networksOf(p, services)) {
      JsonNode def = p.model().path("networks").path(key);
      String name = p.networkName(key);
      JsonNode found = s.engine.find("networks", name);
      if (def.path("external").asBoolean(false)) {
        if (found == null) {
          throw new CliException("network " + name + " declared as external, but could not be"
              + " found");
        }
        continue;
      }
      if (found != null) {
        continue;
      }
      ObjectNode body = F.objectNode().put("Name", name).put("CheckDuplicate", true)
          .put("Driver", def.path("driver").asText("bridge"))
          .put("Internal", def.path("internal").asBoolean(false))
          .put("Attachable", def.path("attachable").asBoolean(false))
          .put("EnableIPv6", def.path("enable_ipv6").asBoolean(false));
      ObjectNode labels = body.putObject("Labels");
      def.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      labels.put(Labels.NETWORK, key).put(Labels.PROJECT, p.name())
          .put(Labels.VERSION, Labels.COMPOSE_VERSION);
      if (def.has("driver_opts")) {
        body.set("Options", def.get("driver_opts").deepCopy());
      }
      if (def.has("ipam")) {
        ObjectNode ipam = body.putObject("IPAM").put("Driver", def.path("ipam").path("driver")
            .asText("default"));
        var configs = ipam.putArray("Config");
        for (JsonNode pool : def.path("ipam").path("config")) {
          ObjectNode c = configs.addObject();
          copy(c, "Subnet", pool, "subnet");
          copy(c, "IPRange", pool, "ip_range");
          copy(c, "Gateway", pool, "gateway");
        }
      }
      s.engine.post("/networks/create", body);
      s.progress("Network", name, "Created");
    }
  }

  static void ensureVolumes(Session s, Project p, Collection<String> services) {
    for (String key : volumesOf(p, services)) {
      JsonNode def = p.model().path("volumes").path(key);
      String name = p.volumeName(key);
      JsonNode found = s.engine.find("volumes", name);
      if (def.path("external").asBoolean(false)) {
        if (found == null) {
          throw new CliException("external volume \"" + name + "\" not found");
        }
        continue;
      }
      if (found != null) {
        continue;
      }
      ObjectNode body = F.objectNode().put("Name", name)
          .put("Driver", def.path("driver").asText("local"));
      if (def.has("driver_opts")) {
        body.set("DriverOpts", def.get("driver_opts").deepCopy());
      }
      ObjectNode labels = body.putObject("Labels");
      def.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      labels.put(Labels.PROJECT, p.name()).put(Labels.VOLUME, key)
          .put(Labels.VERSION, Labels.COMPOSE_VERSION);
      s.engine.post("/volumes/create", body);
      s.progress("Volume", "\"" + name + "\"", "Created");
    }
  }

  /** Removes the project's networks (by label, so also those of an older file). */
  static void removeNetworks(Session s, String project) {
    String filters = "{\"label\":[\"" + Labels.PROJECT + "=" + project + "\"]}";
    for (JsonNode n : s.engine.api.get(s.engine.v() + "/networks?filters="
        + Engine.q(filters))) {
      String name = n.path("Name").asText();
      try {
        s.engine.call("DELETE", "/networks/" + Engine.q(n.path("Id").asText(name)));
        s.progress("Network", name, "Removed");
      } catch (CliException e) {
        s.err.println(" ! Network " + name + "  " + Messages.of(e));
      }
    }
  }

  static void removeVolumes(Session s, String project) {
    String filters = "{\"label\":[\"" + Labels.PROJECT + "=" + project + "\"]}";
    JsonNode list = s.engine.api.get(s.engine.v() + "/volumes?filters=" + Engine.q(filters));
    for (JsonNode v : list.path("Volumes")) {
      String name = v.path("Name").asText();
      try {
        s.engine.call("DELETE", "/volumes/" + Engine.q(name));
        s.progress("Volume", name, "Removed");
      } catch (CliException e) {
        s.err.println(" ! Volume " + name + "  " + Messages.of(e));
      }
    }
  }

  private static void copy(ObjectNode out, String field, JsonNode in, String key) {
    if (in.has(key)) {
      out.put(field, in.get(key).asText());
    }
  }
}
