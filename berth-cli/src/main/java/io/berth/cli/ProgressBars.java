package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.berth.api.model.Json;
import io.berth.common.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Draws a pull's or push's JSON messages on a terminal as the docker CLI does
 * ({@code jsonmessage.DisplayJSONMessagesStream} with a terminal): one line per layer id,
 * rewritten in place with ANSI cursor moves, with a bar {@code [=====>    ]  1.2MB/4.5MB} from
 * {@code progressDetail}. Not on a terminal, {@link JsonMessages} prints plain lines instead.
 */
final class ProgressBars {
  private final PrintStream out;
  private final Map<String, Integer> lines = new HashMap<>();
  private int count;

  ProgressBars(PrintStream out) {
    this.out = out;
  }

  /** Renders the stream to {@code out}: bars on a terminal, plain lines otherwise. */
  static void render(InputStream in, PrintStream out, boolean terminal) {
    if (!terminal) {
      JsonMessages.render(in, out);
      return;
    }
    ProgressBars bars = new ProgressBars(out);
    try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(in)) {
      while (it.hasNextValue()) {
        bars.show(it.nextValue());
      }
    } catch (IOException e) {
      throw new CliException("error reading the daemon's response: " + Messages.of(e));
    } finally {
      out.flush();
    }
  }

  void show(JsonNode m) {
    String id = m.path("id").asText("");
    if (id.isEmpty() || m.has("errorDetail") || m.has("error") || m.has("aux")) {
      JsonMessages.show(m, out);
      return;
    }
    String text = id + ": " + m.path("status").asText("") + bar(m.path("progressDetail"));
    Integer line = lines.get(id);
    if (line == null) {
      lines.put(id, count++);
      out.print(text + "\n");
    } else {
      int up = count - line;
      // up, clear the line, write, back down: docker's cursor dance
      out.print("\033[" + up + "A\r\033[2K" + text + "\r\033[" + up + "B");
    }
    out.flush();
  }

  /** {@code " [==>   ]  1.2MB/4.5MB"}, or empty without a total. */
  static String bar(JsonNode detail) {
    long current = detail.path("current").asLong(-1);
    long total = detail.path("total").asLong(-1);
    if (current < 0 || total <= 0) {
      return "";
    }
    int width = 50;
    int done = (int) Math.min(width, current * width / total);
    String arrows = "=".repeat(done) + (done < width ? ">" + " ".repeat(width - done - 1) : "");
    return " [" + arrows + "]  " + Units.size(current) + "/" + Units.size(total);
  }
}
