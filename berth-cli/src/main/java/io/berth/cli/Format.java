package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The {@code --format} flag shared by list commands, as docker's formatter reads it:
 * {@code table} (the command's default columns), {@code table TEMPLATE} (headers plus
 * columns aligned on {@code \t}), {@code json} (one object per line) or a bare template.
 */
record Format(String template, boolean table) {
  /** Resolves the user's flag; null, "" and "table" mean the command's default table. */
  static Format of(String flag, String defaultTable) {
    String f = flag == null || flag.isEmpty() || flag.equals("table") ? defaultTable : flag;
    if (f.equals("json")) {
      f = "{{json .}}";
    }
    boolean table = f.startsWith("table");
    if (table) {
      f = f.substring("table".length());
    }
    // docker accepts the two-character escapes \t and \n in formats given on the command line.
    f = f.strip().replace("\\t", "\t").replace("\\n", "\n");
    return new Format(f, table);
  }

  /**
   * Prints rows; for a table, first a header line made by running the template over
   * {@code headers} (field name to column title).
   */
  void print(PrintStream out, List<? extends JsonNode> rows, Map<String, String> headers) {
    Template t = Template.parse(template);
    StringBuilder text = new StringBuilder();
    if (table) {
      ObjectNode h = Json.MAPPER.createObjectNode();
      headers.forEach(h::put);
      text.append(t.header(h)).append('\n');
    }
    for (JsonNode row : rows) {
      text.append(t.execute(row)).append('\n');
    }
    out.print(table ? TabWriter.align(text.toString()) : text);
    out.flush();
  }
}
