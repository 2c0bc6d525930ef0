package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.image.registry.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 4: {@code --metrics-addr} serves /metrics, and its values follow what was done (ADR 0125). */
class MetricsE2eTest {
  @TempDir Path dir;

  @Test
  void containerActionsStatesAndEventsMoveWithRealRuns() throws Exception {
    Prerequisites.assumeContainers();
    int port = TestRegistry.freePort();
    try (Berthd d = Berthd.start(dir.resolve("d"), "--bridge", "none",
        "--metrics-addr", "127.0.0.1:" + port)) {
      Images.loadBusybox(d, dir);
      String url = "http://127.0.0.1:" + port + "/metrics";
      String before = scrape(url);
      double events = value(before, "engine_daemon_events_total");
      assertThat(value(before, "engine_daemon_container_actions_seconds_count{action=\"start\"}"))
          .isZero();

      for (int i = 0; i < 3; i++) {
        Cmd.Result r = Cmd.docker(d, "run", "--rm", "--network", "none", "busybox", "true");
        assertThat(r.code()).as(r.all()).isZero();
      }
      Cmd.Result sleeper = Cmd.docker(d, "run", "-d", "--network", "none", "busybox",
          "sleep", "300");
      assertThat(sleeper.code()).as(sleeper.all()).isZero();
      assertThat(Cmd.docker(d, "create", "--network", "none", "busybox", "true").code())
          .isZero();

      String after = scrape(url);
      assertThat(value(after, "engine_daemon_container_actions_seconds_count{action=\"create\"}"))
          .isEqualTo(5);
      assertThat(value(after, "engine_daemon_container_actions_seconds_count{action=\"start\"}"))
          .isEqualTo(4);
      // docker run --rm is AutoRemove: the daemon removes, no DELETE is timed (ADR 0125)
      assertThat(value(after, "engine_daemon_container_actions_seconds_count{action=\"delete\"}"))
          .isZero();
      assertThat(value(after, "engine_daemon_container_actions_seconds_sum{action=\"start\"}"))
          .isPositive();
      assertThat(value(after,
          "engine_daemon_container_actions_seconds_bucket{action=\"start\",le=\"+Inf\"}"))
          .isEqualTo(4);
      assertThat(value(after, "engine_daemon_container_states_containers{state=\"running\"}"))
          .isEqualTo(1);
      assertThat(value(after, "engine_daemon_container_states_containers{state=\"stopped\"}"))
          .isEqualTo(1);
      assertThat(value(after, "berth_container_monitors")).isEqualTo(1);
      // create, start, die and destroy of three, create and start of one, create of one
      assertThat(value(after, "engine_daemon_events_total") - events).isGreaterThanOrEqualTo(15);
      assertThat(value(after, "berth_api_connections_open")).isGreaterThanOrEqualTo(0);

      assertThat(Cmd.docker(d, "rm", "-f", sleeper.out().strip()).code()).isZero();
      String last = scrape(url);
      assertThat(value(last, "engine_daemon_container_states_containers{state=\"running\"}"))
          .isZero();
      assertThat(value(last, "engine_daemon_container_actions_seconds_count{action=\"delete\"}"))
          .isEqualTo(1);
    }
  }

  @Test
  void pullBytesAndSecondsMoveWithARealPull() throws Exception {
    Prerequisites.assumeContainers();
    org.junit.jupiter.api.Assumptions.assumeTrue(TestRegistry.available(),
        "docker-registry is not installed");
    int port = TestRegistry.freePort();
    try (TestRegistry registry = TestRegistry.start(dir.resolve("registry"));
        Berthd pusher = Berthd.start(dir.resolve("a"), "--bridge", "none");
        Berthd puller = Berthd.start(dir.resolve("b"), "--bridge", "none",
            "--metrics-addr", "127.0.0.1:" + port)) {
      Images.loadBusybox(pusher, dir);
      String ref = registry.host() + "/busybox:metrics";
      assertThat(Cmd.docker(pusher, "tag", "busybox", ref).code()).isZero();
      Cmd.Result push = Cmd.docker(pusher, "push", ref);
      assertThat(push.code()).as(push.all()).isZero();
      String url = "http://127.0.0.1:" + port + "/metrics";
      assertThat(value(scrape(url), "berth_image_pull_bytes_total")).isZero();

      Cmd.Result pull = Cmd.docker(puller, "pull", ref);
      assertThat(pull.code()).as(pull.all()).isZero();
      Cmd.Result size = Cmd.docker(puller, "image", "inspect", "--format", "{{.Size}}", ref);
      String after = scrape(url);
      // the layers come compressed: at least a tenth of the unpacked size, at most all of it
      double bytes = value(after, "berth_image_pull_bytes_total");
      long unpacked = Long.parseLong(size.out().strip());
      assertThat(bytes).isGreaterThan(unpacked / 10.0).isLessThanOrEqualTo(unpacked * 1.1);
      assertThat(value(after, "berth_image_pull_seconds_total")).isPositive();
      assertThat(value(after, "engine_daemon_image_actions_seconds_count{action=\"pull\"}"))
          .isEqualTo(1);

      // a second pull finds every blob in the store: nothing more is read
      assertThat(Cmd.docker(puller, "pull", ref).code()).isZero();
      assertThat(value(scrape(url), "berth_image_pull_bytes_total")).isEqualTo(bytes);
    }
  }

  private static String scrape(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return r.body();
    }
  }

  /** The value of one sample line ({@code name{labels} value}); 0 when the line is absent. */
  private static double value(String text, String sample) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
