package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import io.berth.cli.DaemonClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code compose events}: the engine's container events for the project, as they happen. */
@Command(name = "events", description = "Receive real time events from containers")
final class EventsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  @ParentCommand ComposeCommand root;

  @Option(names = "--json", description = "Output events as a stream of json objects")
  boolean json;

  @Option(names = "--since", paramLabel = "string", description = "Show all events created since timestamp")
  String since;

  @Option(names = "--until", paramLabel = "string", description = "Stream events until this timestamp")
  String until;

  @Parameters(paramLabel = "SERVICE", arity = "0..*")
  List<String> services = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Session s = root.session();
    ObjectNode filters = JsonNodeFactory.instance.objectNode();
    filters.putArray("label").add(Labels.PROJECT + "=" + s.name());
    filters.putArray("type").add("container");
    StringBuilder q = new StringBuilder("/events?filters=" + Engine.q(filters.toString()));
    if (since != null) {
      q.append("&since=").append(Times.unix(since));
    }
    if (until != null) {
      q.append("&until=").append(Times.unix(until));
    }
    try (DaemonClient.Streamed st = s.engine.stream("GET", q.toString())) {
      var it = Json.MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(st.body());
      while (it.hasNextValue()) {
        JsonNode e = it.nextValue();
        JsonNode attrs = e.path("Actor").path("Attributes");
        String service = attrs.path(Labels.SERVICE).asText();
        if (!services.isEmpty() && !services.contains(service)) {
          continue;
        }
        long nanos = e.path("timeNano").asLong(e.path("time").asLong() * 1_000_000_000L);
        Instant t = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        String id = e.path("Actor").path("ID").asText(e.path("id").asText());
        String action = e.path("Action").asText(e.path("status").asText());
        if (json) {
          ObjectNode o = JsonNodeFactory.instance.objectNode().put("time", t.toString())
              .put("type", "container").put("action", action).put("id", id)
              .put("service", service);
          o.set("attributes", attrs);
          s.out.println(o);
        } else {
          String a = attrs.properties().stream()
              .filter(x -> !x.getKey().startsWith("com.docker.compose."))
              .map(x -> x.getKey() + "=" + x.getValue().asText())
              .collect(Collectors.joining(", "));
          s.out.println(TIME.format(t) + " container " + action + " " + id + " (" + a + ")");
        }
        s.out.flush();
      }
    }
    return 0;
  }
}
