package io.berth.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Container events with Docker's attributes: the container's labels, then {@code image} and
 * {@code name} (which win over labels of the same key), then the action's own ({@code exitCode},
 * {@code execID}, {@code signal}…), as moby's {@code LogContainerEventWithAttributes} builds them —
 * so {@code docker events --filter label=k=v} sees every event of a labelled container.
 */
public final class ContainerEvent {
  private ContainerEvent() {}

  public static Event of(Container c, String action, Map<String, String> extra) {
    Map<String, String> attrs = new HashMap<>(c.config().labelsOrEmpty());
    attrs.put("image", c.config().image());
    attrs.put("name", c.name().substring(1));
    attrs.putAll(extra);
    return new Event("container", action, c.id(), attrs, Instant.now());
  }

  public static Event of(Container c, String action) {
    return of(c, action, Map.of());
  }
}
