package io.berth.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.ContainerStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineMetricsTest {
  @TempDir Path execRoot;

  private final AtomicReference<Map<ContainerStatus, Long>> states =
      new AtomicReference<>(Map.of());

  @Test
  void routesFeedDockerdsActionHistogramsAndTheEndpointServesThem() throws Exception {
    EngineMetrics m = new EngineMetrics(states::get, execRoot, new io.berth.image.PullStats());
    m.requestDone("POST", "/containers/create", 201, 2_000_000);
    m.requestDone("POST", "/containers/{id}/start", 204, 30_000_000);
    m.requestDone("POST", "/containers/{id}/start", 204, 40_000_000);
    m.requestDone("POST", "/containers/{id}/start", 404, 1_000_000); // a failure is no action
    m.requestDone("POST", "/images/create", 200, 1_000_000_000);
    m.requestDone("DELETE", "/networks/{id}", 204, 1_000_000);
    m.requestDone("POST", "/build", 200, 1_000_000);
    m.requestDone("POST", "/build", 500, 1_000_000);
    m.requestDone("GET", null, 404, 1_000);
    m.connectionOpened();
    m.connectionOpened();
    m.connectionClosed();
    Files.createDirectories(execRoot.resolve("runtime/a"));
    Files.writeString(execRoot.resolve("runtime/a/conmon.pid"), "1");
    Files.createDirectories(execRoot.resolve("runtime/b")); // gone: no pid file
    states.set(Map.of(ContainerStatus.RUNNING, 2L, ContainerStatus.EXITED, 3L,
        ContainerStatus.CREATED, 1L, ContainerStatus.PAUSED, 1L));

    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1:0", m.registry());
        HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(r.body()).contains(
          "# TYPE engine_daemon_container_actions_seconds histogram",
          "engine_daemon_container_actions_seconds_count{action=\"create\"} 1",
          "engine_daemon_container_actions_seconds_count{action=\"start\"} 2",
          "engine_daemon_container_actions_seconds_sum{action=\"start\"} 0.07",
          "engine_daemon_image_actions_seconds_count{action=\"pull\"} 1",
          "engine_daemon_network_actions_seconds_count{action=\"delete\"} 1",
          "builder_builds_triggered_total 2",
          "builder_builds_failed_total{reason=\"build_failed\"} 1",
          "engine_daemon_container_states_containers{state=\"running\"} 2",
          "engine_daemon_container_states_containers{state=\"paused\"} 1",
          "engine_daemon_container_states_containers{state=\"stopped\"} 4",
          "berth_container_monitors 1",
          "berth_api_connections_open 1",
          "berth_api_requests_total{code=\"4xx\",method=\"POST\"} 1");
      assertThat(r.body()).doesNotContain("action=\"build\"");
    }
  }

  @Test
  void anAddressMustBeHostAndPort() {
    assertThat(MetricsEndpoint.parse("127.0.0.1:9323").getPort()).isEqualTo(9323);
    assertThat(MetricsEndpoint.parse("[::1]:9323").getAddress()).isInstanceOf(java.net.Inet6Address.class);
    assertThatThrownBy(() -> MetricsEndpoint.parse("9323"))
        .hasMessage("invalid metrics-addr 9323: want host:port");
    assertThatThrownBy(() -> MetricsEndpoint.parse("localhost:x"))
        .hasMessage("invalid metrics-addr localhost:x: bad port");
  }
}
