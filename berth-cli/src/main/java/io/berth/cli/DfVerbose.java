package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code berth system df -v}: a table per type, in docker's verbose layout. */
final class DfVerbose {
  private DfVerbose() {}

  static void print(PrintStream out, JsonNode df, Instant now) {
    out.println("Images space usage:");
    out.println();
    List<ObjectNode> images = new ArrayList<>();
    for (JsonNode i : df.path("Images")) {
      images.addAll(ImageRows.of(Json.MAPPER.createArrayNode().add(i), true, false, now));
    }
    Format.of(null, "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
        + "\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}")
        .print(out, images, ImageRows.HEADERS);
    out.println();
    out.println("Containers space usage:");
    out.println();
    List<ObjectNode> containers = new ArrayList<>();
    for (JsonNode c : df.path("Containers")) {
      ObjectNode r = Json.MAPPER.createObjectNode();
      r.put("ID", Cells.shortId(c.path("Id").asText()));
      String image = c.path("Image").asText();
      r.put("Image", image.startsWith("sha256:") ? Cells.shortId(image) : image);
      r.put("Command", Json.MAPPER.getNodeFactory().textNode(
          Cells.ellipsis(c.path("Command").asText(), 20)).toString());
      long volumes = 0;
      for (JsonNode m : c.path("Mounts")) {
        volumes += m.path("Type").asText().equals("volume") ? 1 : 0;
      }
      r.put("LocalVolumes", Long.toString(volumes));
      r.put("Size", Units.size(c.path("SizeRw").asLong(), 3));
      r.put("RunningFor", Units.since(c.path("Created").asLong(), now));
      r.put("Status", c.path("Status").asText());
      List<String> names = new ArrayList<>();
      c.path("Names").forEach(n -> names.add(n.asText().replaceFirst("^/", "")));
      r.put("Names", String.join(",", names));
      containers.add(r);
    }
    Format.of(null, "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}"
        + "\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}").print(out, containers, Map.of(
        "ID", "CONTAINER ID", "Image", "IMAGE", "Command", "COMMAND",
        "LocalVolumes", "LOCAL VOLUMES", "Size", "SIZE", "RunningFor", "CREATED",
        "Status", "STATUS", "Names", "NAMES"));
    out.println();
    out.println("Local Volumes space usage:");
    out.println();
    List<ObjectNode> volumes = new ArrayList<>();
    for (JsonNode v : df.path("Volumes")) {
      ObjectNode r = Json.MAPPER.createObjectNode();
      r.put("Name", v.path("Name").asText());
      r.put("Links", Long.toString(v.path("UsageData").path("RefCount").asLong()));
      long size = v.path("UsageData").path("Size").asLong(-1);
      r.put("Size", size == -1 ? "N/A" : Units.size(size, 3));
      volumes.add(r);
    }
    Format.of(null, "table {{.Name}}\t{{.Links}}\t{{.Size}}").print(out, volumes,
        Map.of("Name", "VOLUME NAME", "Links", "LINKS", "Size", "SIZE"));
    out.println();
    long cacheSize = 0;
    List<ObjectNode> cache = new ArrayList<>();
    for (JsonNode b : df.path("BuildCache")) {
      cacheSize += b.path("Shared").asBoolean() ? 0 : b.path("Size").asLong();
      ObjectNode r = Json.MAPPER.createObjectNode();
      r.put("ID", Cells.ellipsis(b.path("ID").asText(), 12));
      r.put("CacheType", b.path("Type").asText());
      r.put("Size", Units.size(b.path("Size").asLong(), 3));
      r.put("CreatedSince", since(b.path("CreatedAt").asText(), now));
      r.put("LastUsedSince", since(b.path("LastUsedAt").asText(), now));
      r.put("UsageCount", Long.toString(b.path("UsageCount").asLong()));
      r.put("Shared", Boolean.toString(b.path("Shared").asBoolean()));
      cache.add(r);
    }
    out.println("Build cache usage: " + Units.size(cacheSize));
    out.println();
    Format.of(null, "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}"
        + "\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}").print(out, cache, Map.of(
        "ID", "CACHE ID", "CacheType", "CACHE TYPE", "Size", "SIZE", "CreatedSince", "CREATED",
        "LastUsedSince", "LAST USED", "UsageCount", "USAGE", "Shared", "SHARED"));
  }

  private static String since(String rfc3339, Instant now) {
    if (rfc3339.isEmpty()) {
      return "";
    }
    return Units.since(Instant.parse(rfc3339).getEpochSecond(), now);
  }
}
