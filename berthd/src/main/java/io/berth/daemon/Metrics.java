package io.berth.daemon;

import io.berth.api.server.http.HttpServer;
import io.berth.common.Messages;
import io.berth.daemon.metrics.EngineMetrics;
import io.berth.daemon.metrics.MetricsEndpoint;
import io.berth.engine.ContainerService;
import io.berth.engine.ContainerStatus;
import io.berth.engine.ContainerView;
import io.berth.image.PullStats;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Wires {@code --metrics-addr} (ADR 0125): the metrics, their feeds, the endpoint. */
final class Metrics {
  private Metrics() {}

  /** Starts the endpoint when {@code metrics-addr} is set; null otherwise. */
  static MetricsEndpoint start(DaemonConfig config, HttpServer server,
      ContainerService containers, PullStats pulls) {
    if (config.metricsAddr() == null) {
      return null;
    }
    EngineMetrics metrics = new EngineMetrics(() -> states(containers), config.execRoot(), pulls);
    server.observe(metrics);
    containers.events().subscribe(metrics::event);
    try {
      return MetricsEndpoint.start(config.metricsAddr(), metrics.registry());
    } catch (IOException e) {
      throw new StartupException("cannot serve metrics on " + config.metricsAddr() + ": "
          + Messages.of(e), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static Map<ContainerStatus, Long> states(ContainerService containers) {
    Map<ContainerStatus, Long> out = new EnumMap<>(ContainerStatus.class);
    List<ContainerView> all = containers.list(true, -1, Map.of());
    for (ContainerView v : all) {
      out.merge(v.container().status(), 1L, Long::sum);
    }
    return out;
  }
}
