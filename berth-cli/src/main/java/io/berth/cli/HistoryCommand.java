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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth history} / {@code berth image history}: {@code GET /images/{name}/history}. */
@Command(name = "history", description = "Show the history of an image")
final class HistoryCommand implements Callable<Integer> {
  static final String TABLE =
      "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
  static final String TABLE_NOT_HUMAN =
      "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
  static final Map<String, String> HEADERS = Map.of("ID", "IMAGE", "CreatedSince", "CREATED",
      "CreatedAt", "CREATED AT", "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT");

  @Spec CommandSpec spec;

  @Option(names = "--format", paramLabel = "string",
      description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'")
  String format;

  @Option(names = {"-H", "--human"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
      description = "Print sizes and dates in human readable format (default true)")
  boolean human;

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
  boolean quiet;

  @Parameters(paramLabel = "IMAGE")
  String image;

  @Override
  public Integer call() {
    JsonNode history = BerthCommand.api(spec).get(
        Query.path("/images/", image, "/history").toString());
    Instant now = Instant.now();
    List<ObjectNode> rows = new ArrayList<>();
    for (JsonNode h : history) {
      long created = h.path("Created").asLong();
      String createdBy = h.path("CreatedBy").asText().replace('\t', ' ');
      ObjectNode r = Json.MAPPER.createObjectNode();
      r.put("Comment", h.path("Comment").asText());
      r.put("CreatedAt", Cells.rfc3339(created));
      r.put("CreatedBy", noTrunc ? createdBy : Cells.ellipsis(createdBy, 45));
      r.put("CreatedSince", human ? Units.since(created, now) : Cells.rfc3339(created));
      String id = h.path("Id").asText();
      r.put("ID", noTrunc ? id : Cells.shortId(id));
      long size = h.path("Size").asLong();
      r.put("Size", human ? Units.size(size, 3) : Long.toString(size));
      rows.add(r);
    }
    boolean tableDefault = format == null || format.isEmpty() || format.equals("table");
    Format.of(quiet && tableDefault ? "{{.ID}}" : format, human ? TABLE : TABLE_NOT_HUMAN)
        .print(System.out, rows, HEADERS);
    return 0;
  }
}
