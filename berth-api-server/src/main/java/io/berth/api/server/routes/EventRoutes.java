package io.berth.api.server.routes;

import io.berth.api.model.EventMessage;
import io.berth.api.model.Json;
import io.berth.api.server.Filters;
import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Route;
import io.berth.common.BerthException;
import io.berth.engine.Event;
import io.berth.engine.EventBus;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events}: new events as NDJSON until {@code until} passes or the client goes away
 * (noticed at the next write). Filters: {@code type}, {@code event}, {@code container},
 * {@code label}, {@code image}. {@code since} replays the events kept in memory (the last
 * 1024) first; an {@code until} in the past ends the stream after them.
 */
public final class EventRoutes {
  private static final Set<String> FILTERS = Set.of("type", "event", "container", "label",
      "image", "network", "volume", "daemon", "scope");

  private EventRoutes() {}

  public static List<Route> routes(EventBus events) {
    return List.of(Route.get("/events", ex -> stream(events, ex)));
  }

  private static void stream(EventBus events, Exchange ex) throws Exception {
    Map<String, List<String>> f = Filters.parse(ex.query("filters"));
    for (String k : f.keySet()) {
      if (!FILTERS.contains(k)) {
        throw BerthException.invalid("Invalid filter '" + k + "'");
      }
    }
    Instant until = ContainerRoutes.time(ex.query("until"));
    Instant since = ContainerRoutes.time(ex.query("since"));
    BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    EventBus.Replay replay = events.subscribeSince(since == null ? Instant.MAX : since, e -> {
      if (matches(e, f)) {
        queue.add(e);
      }
    });
    try (AutoCloseable sub = replay.subscription();
        OutputStream out = ex.stream(200, "application/json")) {
      for (Event e : replay.past()) {
        if (matches(e, f) && (until == null || !e.time().isAfter(until))) {
          out.write(Json.MAPPER.writeValueAsBytes(wire(e)));
          out.write('\n');
        }
      }
      out.flush();
      while (until == null || Instant.now().isBefore(until)) {
        Event e = queue.poll(1, TimeUnit.SECONDS);
        if (e != null) {
          out.write(Json.MAPPER.writeValueAsBytes(wire(e)));
          out.write('\n');
          out.flush();
        }
      }
    } catch (IOException gone) {
      // the client went away
    }
  }

  static boolean matches(Event e, Map<String, List<String>> f) {
    return any(f, "type", e.type()) && (any(f, "event", e.action().split(":")[0])
            || any(f, "event", e.action()))
        && image(f, e)
        && named(f, "container", e) && named(f, "volume", e) && named(f, "network", e)
        && f.getOrDefault("label", List.of()).stream().allMatch(l -> {
          int eq = l.indexOf('=');
          return eq < 0 ? e.attributes().containsKey(l)
              : l.substring(eq + 1).equals(e.attributes().get(l.substring(0, eq)));
        });
  }

  /**
   * moby's {@code matchImage}: the actor's ID or its image name ({@code image} of a container
   * event, {@code name} of an image event), also without the tag.
   */
  private static boolean image(Map<String, List<String>> f, Event e) {
    List<String> v = f.get("image");
    if (v == null || v.isEmpty()) {
      return true;
    }
    String name = e.attributes().get("image".equals(e.type()) ? "name" : "image");
    return v.contains(e.actorId()) || v.contains(stripTag(e.actorId()))
        || name != null && (v.contains(name) || v.contains(stripTag(name)));
  }

  private static String stripTag(String ref) {
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    return colon > slash && !ref.startsWith("sha256:") ? ref.substring(0, colon) : ref;
  }

  /** moby's {@code fuzzyMatchName}: the actor's ID (or a prefix of it) or its name. */
  private static boolean named(Map<String, List<String>> f, String key, Event e) {
    List<String> v = f.get(key);
    return v == null || v.isEmpty() || v.stream().anyMatch(x -> e.actorId().startsWith(x)
        || x.equals(e.attributes().get("name")));
  }

  private static boolean any(Map<String, List<String>> f, String key, String value) {
    List<String> v = f.get(key);
    return v == null || v.isEmpty() || v.contains(value);
  }

  static EventMessage wire(Event e) {
    long nanos = e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano();
    boolean container = "container".equals(e.type());
    boolean legacy = container || "image".equals(e.type()); // moby fills status/id for both
    return new EventMessage(legacy ? e.action() : null, legacy ? e.actorId() : null,
        container ? e.attributes().get("image") : null, e.type(), e.action(),
        new EventMessage.Actor(e.actorId(), e.attributes()), "local", e.time().getEpochSecond(),
        nanos);
  }
}
