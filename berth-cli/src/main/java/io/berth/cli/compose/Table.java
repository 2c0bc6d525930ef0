package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Columns as docker's tabwriter prints them (three spaces between columns, no trailing
 * padding), and {@code --format} templates that name fields: {@code {{.Name}}\t{{.State}}}.
 */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  void add(String... row) {
    rows.add(row);
  }

  void print(PrintStream out) {
    int cols = rows.getFirst().length;
    int[] w = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        b.append(r[i]);
        if (i < cols - 1) {
          b.append(" ".repeat(w[i] - r[i].length() + 3));
        }
      }
      out.println(b.toString().stripTrailing());
    }
  }

  private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*\\.(\\w+)\\s*}}");

  /** A template applied to one JSON object: each {@code {{.Field}}} its value, \t a tab. */
  static String template(String format, JsonNode o) {
    String f = format.startsWith("table ") ? format.substring(6) : format;
    Matcher m = FIELD.matcher(f.replace("\\t", "\t").replace("\\n", "\n"));
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      JsonNode v = o.path(m.group(1));
      m.appendReplacement(b, Matcher.quoteReplacement(v.isValueNode() ? v.asText() : v.toString()));
    }
    m.appendTail(b);
    return b.toString();
  }
}
