package io.berth.engine;

import io.berth.network.ContainerNetworking;
import java.time.Instant;
import java.util.Map;

/**
 * Docker's {@code connect} and {@code disconnect} network events of a container's own start
 * and exit (moby's {@code LogNetworkEventWithAttributes}): actor the network's ID, attributes
 * {@code container}, {@code name} and {@code type} (the driver: {@code bridge}, {@code host},
 * {@code null} for none).
 */
final class NetworkEvents {
  private NetworkEvents() {}

  static void publish(EventBus events, ContainerNetworking networks, String containerId,
      String action) {
    try {
      networks.view(containerId).ifPresent(v -> v.networks().forEach((name, ep) -> {
        if (ep.networkId() == null || ep.networkId().isEmpty()) {
          return;
        }
        String type = switch (name) {
          case "host" -> "host";
          case "none" -> "null";
          default -> "bridge";
        };
        events.publish(new Event("network", action, ep.networkId(), Map.of("container",
            containerId, "name", name, "type", type), Instant.now()));
      }));
    } catch (RuntimeException e) {
      // no view (a container berth did not plan): no event, as no network was joined
    }
  }
}
