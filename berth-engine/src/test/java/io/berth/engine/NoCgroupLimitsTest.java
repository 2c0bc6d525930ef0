package io.berth.engine;

import io.berth.engine.store.StoreJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Tier 1: a daemon without cgroups (rootless, ADR 0114) discards limits as moby does. */
class NoCgroupLimitsTest {
  private static final CgroupHost NONE = new CgroupHost(Path.of("/nonexistent"), 1, true, 2,
      false);

  private static HostConfig host(String json) {
    return StoreJson.read(json.getBytes(StandardCharsets.UTF_8), HostConfig.class, "h");
  }

  @Test
  void limitsAreDiscardedWithDockersWarnings() {
    ResourceChecks.Result r = ResourceChecks.adapt(host(
        "{\"Memory\":33554432,\"PidsLimit\":20,\"CpuShares\":512}"), NONE, false);
    ResourceConfig c = ResourceConfig.of(r.hostConfig());
    assertThat(c.memory()).isZero();
    assertThat(c.pidsLimit()).isZero();
    assertThat(c.cpuShares()).isZero();
    assertThat(ResourceConfig.of(r.hostConfig()).limits().memory()).isZero();
    assertThat(r.warnings()).containsExactly(
        "Your kernel does not support memory limit capabilities or the cgroup is not mounted."
            + " Limitation discarded.",
        "Your kernel does not support CPU shares or the cgroup is not mounted. Shares"
            + " discarded.",
        "Your kernel does not support pids limit capabilities or the cgroup is not mounted."
            + " PIDs limit discarded.");
  }

  @Test
  void noLimitsNoWarningsAndCpusAreRefused() {
    HostConfig plain = host("{\"NetworkMode\":\"bridge\"}");
    assertThat(ResourceChecks.adapt(plain, NONE, false).warnings()).isEmpty();
    assertThatThrownBy(() -> ResourceChecks.adapt(host("{\"NanoCpus\":1000000000}"), NONE,
        false)).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("NanoCPUs can not be set");
    // Docker's own checks still come first
    assertThatThrownBy(() -> ResourceChecks.adapt(host("{\"Memory\":1024}"), NONE, false))
        .hasMessage("Minimum memory limit allowed is 6MB");
  }
}
