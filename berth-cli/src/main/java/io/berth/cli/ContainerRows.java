package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rows of {@code ps} from {@code GET /containers/json}, as docker's container formatter makes them. */
final class ContainerRows {
  static final String TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}"
      + "\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
  static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "CONTAINER ID"),
      Map.entry("Image", "IMAGE"), Map.entry("Command", "COMMAND"),
      Map.entry("RunningFor", "CREATED"), Map.entry("CreatedAt", "CREATED AT"),
      Map.entry("Status", "STATUS"), Map.entry("State", "STATE"), Map.entry("Ports", "PORTS"),
      Map.entry("Names", "NAMES"), Map.entry("Size", "SIZE"), Map.entry("Labels", "LABELS"),
      Map.entry("Mounts", "MOUNTS"), Map.entry("Networks", "NETWORKS"),
      Map.entry("LocalVolumes", "LOCAL VOLUMES"));

  private ContainerRows() {}

  static List<ObjectNode> of(JsonNode containers, boolean trunc, Instant now) {
    List<ObjectNode> rows = new ArrayList<>();
    containers.forEach(c -> rows.add(row(c, trunc, now)));
    return rows;
  }

  /** Keys sorted, as Go's map marshals, so that {@code --format json} prints as docker's. */
  static ObjectNode row(JsonNode c, boolean trunc, Instant now) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    String command = quote(c.path("Command").asText());
    long created = c.path("Created").asLong();
    r.put("Command", trunc ? Cells.ellipsis(command, 20) : command);
    r.put("CreatedAt", Cells.goTime(created));
    String id = c.path("Id").asText();
    r.put("ID", trunc ? Cells.shortId(id) : id);
    String image = c.path("Image").asText();
    if (trunc && image.startsWith("sha256:")) {
      image = Cells.shortId(image);
    } else if (trunc && image.contains("@")) {
      image = image.substring(0, image.indexOf('@'));
    }
    r.put("Image", image);
    List<String> labels = new ArrayList<>();
    new TreeMap<String, String>(Json.MAPPER.convertValue(c.path("Labels").isObject()
        ? c.path("Labels") : Json.MAPPER.createObjectNode(), Map.class))
        .forEach((k, v) -> labels.add(k + "=" + v));
    r.put("Labels", String.join(",", labels));
    List<String> volumes = new ArrayList<>();
    int local = 0;
    for (JsonNode m : c.path("Mounts")) {
      String name = m.path("Name").asText("");
      volumes.add(trunc && name.length() > 15 ? name.substring(0, 15) + "…" : name.isEmpty()
          ? m.path("Source").asText() : name);
      if (m.path("Driver").asText("").equals("local")) {
        local++;
      }
    }
    r.put("LocalVolumes", Integer.toString(local));
    r.put("Mounts", String.join(",", volumes));
    r.put("Names", names(c.path("Names"), trunc));
    List<String> networks = new ArrayList<>();
    c.path("NetworkSettings").path("Networks").fieldNames().forEachRemaining(networks::add);
    networks.sort(null);
    r.put("Networks", String.join(",", networks));
    r.put("Ports", ports(c.path("Ports")));
    r.put("RunningFor", Units.since(created, now));
    long rw = c.path("SizeRw").asLong();
    long rootFs = c.path("SizeRootFs").asLong();
    r.put("Size", rootFs > 0 ? Units.size(rw, 3) + " (virtual " + Units.size(rootFs, 3) + ")"
        : Units.size(rw, 3));
    r.put("State", c.path("State").asText());
    r.put("Status", c.path("Status").asText());
    return r;
  }

  /** Names without their "/"; truncated, only the first one that is not a link. */
  static String names(JsonNode names, boolean trunc) {
    List<String> all = new ArrayList<>();
    names.forEach(n -> all.add(n.asText().startsWith("/") ? n.asText().substring(1) : n.asText()));
    if (trunc) {
      for (String n : all) {
        if (!n.contains("/")) {
          return n;
        }
      }
    }
    return String.join(",", all);
  }

  /**
   * docker's DisplayablePorts: "0.0.0.0:8080->80/tcp" for a published port ("[::]:8080" for
   * IPv6), "80/tcp" for an exposed one, sorted, joined with ", ".
   */
  static String ports(JsonNode ports) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : ports) {
      String proto = p.path("Type").asText("tcp");
      int priv = p.path("PrivatePort").asInt();
      int pub = p.path("PublicPort").asInt();
      String ip = p.path("IP").asText("");
      if (pub == 0) {
        out.add(priv + "/" + proto);
      } else {
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        out.add(host + ":" + pub + "->" + priv + "/" + proto);
      }
    }
    out.sort(null);
    return String.join(", ", new java.util.LinkedHashSet<>(out));
  }

  /** Go's strconv.Quote for the text docker puts in the COMMAND column. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (ch < 0x20 || ch == 0x7f) {
            b.append(String.format("\\x%02x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
