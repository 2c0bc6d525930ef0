package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.berth.api.model.Json;
import io.berth.common.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Renders a Docker JSON-message stream (pkg/jsonmessage) as the docker CLI does on a
 * non-terminal: {@code stream} text as is, {@code status} lines with an {@code id: } prefix,
 * progress bars dropped, {@code aux} skipped. An {@code errorDetail}/{@code error} message ends
 * the stream as a {@link CliException} (stderr, exit 1).
 */
public final class JsonMessages {
  private JsonMessages() {}

  public static void render(InputStream in, PrintStream out) {
    try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(in)) {
      while (it.hasNextValue()) {
        show(it.nextValue(), out);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof CliException c) {
        throw c;
      }
      throw new CliException("error reading the daemon's response: " + Messages.of(e));
    } finally {
      out.flush();
    }
  }

  public static void show(JsonNode m, PrintStream out) {
    String error = m.path("errorDetail").path("message").asText("");
    if (error.isEmpty()) {
      error = m.path("error").asText("");
    }
    if (!error.isEmpty()) {
      out.flush();
      throw new CliException(m.path("errorDetail").path("code").asInt() == 401
          ? "authentication is required" : error);
    }
    if (m.has("aux")) {
      return;
    }
    JsonNode detail = m.path("progressDetail");
    if (m.path("stream").asText("").isEmpty()
        && (detail.path("current").asLong() > 0 || detail.path("total").asLong() > 0)) {
      return;
    }
    StringBuilder line = new StringBuilder();
    if (!m.path("id").asText("").isEmpty()) {
      line.append(m.path("id").asText()).append(": ");
    }
    if (!m.path("from").asText("").isEmpty()) {
      line.append("(from ").append(m.path("from").asText()).append(") ");
    }
    String status = m.path("status").asText("");
    if (!m.path("progress").asText("").isEmpty()) {
      line.append(status).append(' ').append(m.path("progress").asText());
    } else if (!m.path("stream").asText("").isEmpty()) {
      line.append(m.path("stream").asText());
    } else {
      line.append(status).append('\n');
    }
    out.print(line);
  }
}
