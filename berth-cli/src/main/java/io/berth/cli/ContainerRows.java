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
    String command = c.path("Command").asText();
    long created = c.path("Created").asLong();
    r.put("Command", quote(trunc ? Cells.ellipsis(command, 20) : command));
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
    r.putNull("Platform"); // the image's platform, which only API 1.46+ lists (docker 28: null)
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
   * docker's DisplayablePorts: ports sorted by private port, IP, public port and type;
   * unpublished ones (and those published on the same number) grouped into ranges
   * ("80-81/tcp"), then the mappings ("0.0.0.0:8080->80/tcp", "[::]:8080->80/tcp").
   */
  static String ports(JsonNode ports) {
    List<JsonNode> sorted = new ArrayList<>();
    ports.forEach(sorted::add);
    sorted.sort(java.util.Comparator.<JsonNode>comparingInt(p -> p.path("PrivatePort").asInt())
        .thenComparing(p -> p.path("IP").asText(""))
        .thenComparingInt(p -> p.path("PublicPort").asInt())
        .thenComparing(p -> p.path("Type").asText("")));
    Map<String, int[]> groups = new java.util.LinkedHashMap<>();
    List<String> result = new ArrayList<>();
    List<String> mappings = new ArrayList<>();
    for (JsonNode p : sorted) {
      int current = p.path("PrivatePort").asInt();
      int published = p.path("PublicPort").asInt();
      String ip = p.path("IP").asText("");
      String type = p.path("Type").asText("");
      String key = type;
      if (!ip.isEmpty()) {
        if (published != current) {
          String host = ip.contains(":") ? "[" + ip + "]" : ip;
          mappings.add(host + ":" + published + "->" + current + "/" + type);
          continue;
        }
        key = ip + "/" + type;
      }
      int[] g = groups.get(key);
      if (g == null) {
        groups.put(key, new int[] {current, current});
      } else if (current == g[1] + 1) {
        g[1] = current;
      } else {
        result.add(group(key, g));
        groups.put(key, new int[] {current, current});
      }
    }
    groups.forEach((k, g) -> result.add(group(k, g)));
    result.addAll(mappings);
    return String.join(", ", result);
  }

  /** docker's formGroup: "80/tcp", "80-81/tcp" or "IP:80->80/tcp". */
  private static String group(String key, int[] g) {
    int slash = key.lastIndexOf('/');
    String ip = slash < 0 ? "" : key.substring(0, slash);
    String type = slash < 0 ? key : key.substring(slash + 1);
    String range = g[0] == g[1] ? Integer.toString(g[0]) : g[0] + "-" + g[1];
    return (ip.isEmpty() ? range : ip + ":" + range + "->" + range) + "/" + type;
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
