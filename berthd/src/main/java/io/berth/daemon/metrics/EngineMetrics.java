package io.berth.daemon.metrics;

import io.berth.api.server.http.HttpObserver;
import io.berth.engine.ContainerStatus;
import io.berth.engine.Event;
import io.berth.image.PullStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * berthd's metrics (ADR 0125), under dockerd's engine names where dockerd has one: container,
 * image and network action latencies, container states, events, builds; and berth's own: open
 * API connections, API requests, conmon monitors, image pull bytes and seconds. Fed by the HTTP server ({@link HttpObserver})
 * and the event bus; container states and monitors are counted when scraped.
 */
public final class EngineMetrics implements HttpObserver {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Map<RouteActions.Kind, Histogram> actions = new EnumMap<>(RouteActions.Kind.class);
  private final Counter events;
  private final Counter buildsTriggered;
  private final Counter buildsFailed;
  private final Gauge connections;
  private final Counter requests;

  /**
   * @param states counts containers by status, when scraped
   * @param execRoot berthd's exec root: each {@code runtime/<id>/conmon.pid} is a monitor
   * @param pulls what the image pulls have read from registries (ADR 0135)
   */
  public EngineMetrics(Supplier<Map<ContainerStatus, Long>> states, Path execRoot,
      PullStats pulls) {
    actions.put(RouteActions.Kind.CONTAINER, histogram("engine_daemon_container_actions_seconds",
        "The number of seconds it takes to process each container action"));
    actions.put(RouteActions.Kind.IMAGE, histogram("engine_daemon_image_actions_seconds",
        "The number of seconds it takes to process each image action"));
    actions.put(RouteActions.Kind.NETWORK, histogram("engine_daemon_network_actions_seconds",
        "The number of seconds it takes to process each network action"));
    events = Counter.builder().name("engine_daemon_events_total")
        .help("The number of events logged").register(registry);
    buildsTriggered = Counter.builder().name("builder_builds_triggered_total")
        .help("Number of triggered image builds").register(registry);
    buildsFailed = Counter.builder().name("builder_builds_failed_total")
        .help("Number of failed image builds").labelNames("reason").register(registry);
    GaugeWithCallback.builder().name("engine_daemon_container_states_containers")
        .help("The count of containers in various states").labelNames("state")
        .callback(cb -> {
          Map<ContainerStatus, Long> byStatus = states.get();
          long running = byStatus.getOrDefault(ContainerStatus.RUNNING, 0L)
              + byStatus.getOrDefault(ContainerStatus.RESTARTING, 0L);
          long paused = byStatus.getOrDefault(ContainerStatus.PAUSED, 0L);
          long all = byStatus.values().stream().mapToLong(Long::longValue).sum();
          cb.call(running, "running");
          cb.call(paused, "paused");
          cb.call(all - running - paused, "stopped");
        }).register(registry);
    GaugeWithCallback.builder().name("berth_container_monitors")
        .help("conmon processes monitoring containers").callback(cb -> cb.call(monitors(execRoot)))
        .register(registry);
    connections = Gauge.builder().name("berth_api_connections_open")
        .help("Open connections to the Engine API").register(registry);
    CounterWithCallback.builder().name("berth_image_pull_bytes_total")
        .help("Bytes image pulls read from registries").callback(cb -> cb.call(pulls.bytes()))
        .register(registry);
    CounterWithCallback.builder().name("berth_image_pull_seconds_total")
        .help("Seconds image pulls spent reading from registries (throughput: bytes over this)")
        .callback(cb -> cb.call(pulls.seconds())).register(registry);
    requests = Counter.builder().name("berth_api_requests_total")
        .help("Engine API requests answered, by method and status class")
        .labelNames("method", "code").register(registry);
  }

  private Histogram histogram(String name, String help) {
    return Histogram.builder().name(name).help(help).labelNames("action").classicOnly()
        .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Counts an event from the event bus; failed builds are not events, see requestDone. */
  public void event(Event e) {
    events.inc();
  }

  @Override
  public void connectionOpened() {
    connections.inc();
  }

  @Override
  public void connectionClosed() {
    connections.dec();
  }

  @Override
  public void requestDone(String method, String pattern, int status, long nanos) {
    requests.labelValues(method, (status / 100) + "xx").inc();
    if ("POST".equals(method) && "/build".equals(pattern)) {
      buildsTriggered.inc();
      if (status >= 400) {
        buildsFailed.labelValues(status >= 500 ? "build_failed" : "invalid_request").inc();
      }
      return;
    }
    RouteActions.Action a = RouteActions.of(method, pattern);
    if (a != null && status < 400) {
      actions.get(a.kind()).labelValues(a.name()).observe(nanos / 1e9);
    }
  }

  private static long monitors(Path execRoot) {
    try (Stream<Path> dirs = Files.list(execRoot.resolve("runtime"))) {
      return dirs.filter(d -> Files.exists(d.resolve("conmon.pid"))).count();
    } catch (java.io.IOException e) {
      return 0; // no container has run yet
    }
  }
}
