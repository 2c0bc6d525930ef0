package io.berth.engine;

import java.time.Instant;
import java.util.Map;

/**
 * One engine event ({@code docker events}): {@code type} container, {@code action} create,
 * start, die, destroy, ...; {@code attributes} carry name, image, labels and exitCode on die.
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes,
    Instant time) {

  public Event {
    attributes = Map.copyOf(attributes);
  }
}
