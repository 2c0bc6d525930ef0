package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth system df}: {@code GET /system/df} summed per type, as docker's formatter does. */
@Command(name = "df", description = "Show berth disk usage")
final class DfCommand implements Callable<Integer> {
  static final String TABLE =
      "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
  static final Map<String, String> HEADERS = Map.of("Type", "TYPE", "TotalCount", "TOTAL",
      "Active", "ACTIVE", "Size", "SIZE", "Reclaimable", "RECLAIMABLE");

  @Spec CommandSpec spec;

  @Option(names = "--format", paramLabel = "string",
      description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'")
  String format;

  @Option(names = {"-v", "--verbose"}, description = "Show detailed information on space usage")
  boolean verbose;

  @Override
  public Integer call() {
    JsonNode df = BerthCommand.api(spec).get(Query.path("/system/df").toString());
    if (verbose && (format == null || format.isEmpty())) {
      DfVerbose.print(System.out, df, Instant.now());
      return 0;
    }
    Format.of(format, TABLE).print(System.out, rows(df), HEADERS);
    return 0;
  }

  static List<ObjectNode> rows(JsonNode df) {
    List<ObjectNode> rows = new ArrayList<>();
    JsonNode images = df.path("Images");
    long imagesSize = df.path("LayersSize").asLong();
    long used = 0;
    int activeImages = 0;
    for (JsonNode i : images) {
      if (i.path("Containers").asLong() > 0) {
        activeImages++;
        long size = i.path("Size").asLong(-1);
        long shared = i.path("SharedSize").asLong(-1);
        if (size != -1 && shared != -1) {
          used += size - shared;
        }
      }
    }
    rows.add(row("Images", images.size(), activeImages, imagesSize,
        percent(imagesSize - used, imagesSize)));

    long containersSize = 0;
    long idle = 0;
    int running = 0;
    for (JsonNode c : df.path("Containers")) {
      long rw = c.path("SizeRw").asLong();
      containersSize += rw;
      String state = c.path("State").asText();
      if (state.contains("running") || state.contains("paused") || state.contains("restarting")) {
        running++;
      } else {
        idle += rw;
      }
    }
    rows.add(row("Containers", df.path("Containers").size(), running, containersSize,
        percent(idle, containersSize)));

    long volumesSize = 0;
    long unused = 0;
    int linked = 0;
    for (JsonNode v : df.path("Volumes")) {
      long size = v.path("UsageData").path("Size").asLong(-1);
      boolean inUse = v.path("UsageData").path("RefCount").asLong() > 0;
      linked += inUse ? 1 : 0;
      if (size != -1) {
        volumesSize += size;
        unused += inUse ? 0 : size;
      }
    }
    rows.add(row("Local Volumes", df.path("Volumes").size(), linked, volumesSize,
        percent(unused, volumesSize)));

    long cacheSize = 0;
    long reclaimable = 0;
    int inUse = 0;
    for (JsonNode b : df.path("BuildCache")) {
      inUse += b.path("InUse").asBoolean() ? 1 : 0;
      if (!b.path("Shared").asBoolean()) {
        cacheSize += b.path("Size").asLong();
        reclaimable += b.path("InUse").asBoolean() ? 0 : b.path("Size").asLong();
      }
    }
    rows.add(row("Build Cache", df.path("BuildCache").size(), inUse, cacheSize,
        Units.size(reclaimable)));
    return rows;
  }

  private static ObjectNode row(String type, int total, int active, long size, String reclaim) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("Active", Integer.toString(active));
    r.put("Reclaimable", reclaim);
    r.put("Size", Units.size(size));
    r.put("TotalCount", Integer.toString(total));
    r.put("Type", type);
    return r;
  }

  /** "1.2MB (50%)"; the percentage only when there is something to divide by. */
  private static String percent(long reclaimable, long total) {
    String s = Units.size(reclaimable);
    return total > 0 ? s + " (" + reclaimable * 100 / total + "%)" : s;
  }
}
