package io.berth.engine;

import io.berth.engine.store.StoreJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tier 1: which exits a restart policy restarts (moby's restartmanager table). */
class RestartSupervisorTest {
  private static Container container(String policy, int max, int restarts, boolean stopped) {
    HostConfig h = StoreJson.read(("{\"RestartPolicy\":{\"Name\":\"" + policy
        + "\",\"MaximumRetryCount\":" + max + "}}").getBytes(StandardCharsets.UTF_8),
        HostConfig.class, "h");
    ContainerState s = ContainerState.created().withManuallyStopped(stopped);
    return new Container("a".repeat(64), "/x", Times.ZERO, "sh", List.of(), null, s, null, null,
        restarts, null, null, null, null, h, null);
  }

  @Test
  void policies() {
    assertThat(RestartSupervisor.shouldRestart(container("no", 0, 0, false), 1)).isFalse();
    assertThat(RestartSupervisor.shouldRestart(container("always", 0, 5, false), 0)).isTrue();
    assertThat(RestartSupervisor.shouldRestart(container("always", 0, 0, true), 0)).isFalse();
    assertThat(RestartSupervisor.shouldRestart(container("unless-stopped", 0, 0, false), 0))
        .isTrue();
    assertThat(RestartSupervisor.shouldRestart(container("unless-stopped", 0, 0, true), 1))
        .isFalse();
    assertThat(RestartSupervisor.shouldRestart(container("on-failure", 0, 0, false), 0))
        .isFalse();
    assertThat(RestartSupervisor.shouldRestart(container("on-failure", 2, 1, false), 1))
        .isTrue();
    assertThat(RestartSupervisor.shouldRestart(container("on-failure", 2, 2, false), 1))
        .isFalse();
    assertThat(RestartSupervisor.shouldRestart(container("on-failure", 0, 99, false), 3))
        .isTrue();
  }
}
