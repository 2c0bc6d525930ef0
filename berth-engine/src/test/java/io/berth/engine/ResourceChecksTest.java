package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.store.StoreJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Tier 1: Docker's resource checks, adaptations and warnings. */
class ResourceChecksTest {
  private static final CgroupHost V1 = new CgroupHost(Path.of("/nonexistent"), 1, true, 2);
  private static final CgroupHost V2 = new CgroupHost(Path.of("/nonexistent"), 2, true, 2);

  private static HostConfig host(String json) {
    return StoreJson.read(json.getBytes(StandardCharsets.UTF_8), HostConfig.class, "h");
  }

  @Test
  void memoryGetsTwiceAsMuchSwapAndKernelMemoryIsDroppedWithAWarning() {
    ResourceChecks.Result r = ResourceChecks.adapt(host(
        "{\"Memory\":33554432,\"KernelMemory\":1048576,\"PidsLimit\":20}"), V1, false);
    ResourceConfig c = ResourceConfig.of(r.hostConfig());
    assertThat(c.memorySwap()).isEqualTo(67108864L);
    assertThat(c.kernelMemory()).isZero();
    assertThat(c.pidsLimit()).isEqualTo(20L);
    assertThat(r.warnings()).singleElement().asString().contains("kernel memory limit");
  }

  @Test
  void cgroupV2DropsSwappinessAndOomKillDisable() {
    ResourceChecks.Result r = ResourceChecks.adapt(host(
        "{\"Memory\":33554432,\"MemorySwappiness\":10,\"OomKillDisable\":true}"), V2, false);
    assertThat(r.warnings()).hasSize(2);
    assertThat(ResourceConfig.of(r.hostConfig()).oomKillDisable()).isFalse();
  }

  @Test
  void dockersErrors() {
    assertThatThrownBy(() -> ResourceChecks.adapt(host("{\"Memory\":1024}"), V1, false))
        .hasMessage("Minimum memory limit allowed is 6MB");
    assertThatThrownBy(() -> ResourceChecks.adapt(host(
        "{\"Memory\":33554432,\"MemorySwap\":16777216}"), V1, false))
        .hasMessageContaining("Minimum memoryswap limit should be larger than memory limit");
    assertThatThrownBy(() -> ResourceChecks.adapt(host(
        "{\"NanoCpus\":500000000,\"CpuQuota\":50000}"), V1, false))
        .hasMessage("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    assertThatThrownBy(() -> ResourceChecks.adapt(host("{\"NanoCpus\":3000000000}"), V1, false))
        .hasMessage("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
    assertThatThrownBy(() -> ResourceChecks.adapt(host("{\"BlkioWeight\":5}"), V1, false))
        .hasMessage("Range of blkio weight is from 10 to 1000");
    assertThatThrownBy(() -> ResourceChecks.adapt(host("{\"CpusetCpus\":\"0-7\"}"), V1, false))
        .hasMessageContaining("Requested CPUs are not available");
  }

  @Test
  void updateWritesOnlyTheGivenFields() {
    HostConfig before = host("{\"Memory\":33554432,\"MemorySwap\":67108864,\"CpuShares\":512}");
    HostConfig after = StoreJson.read("{\"NanoCpus\":250000000}".getBytes(),
        ResourceConfig.class, "update")
        .applyTo(before);
    ResourceConfig c = ResourceConfig.of(after);
    assertThat(c.memory()).isEqualTo(33554432L);
    assertThat(c.cpuShares()).isEqualTo(512L);
    assertThat(c.nanoCpus()).isEqualTo(250000000L);
  }
}
