package io.berth.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.ContainerConfig;
import io.berth.engine.HealthConfig;
import io.berth.engine.HostConfig;
import io.berth.engine.MountSpec;
import io.berth.engine.ResourceConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed mounts, health check and resources keep the files' JSON (ADR 0145). */
class StoreJsonTest {
  private static String write(Object o) {
    return new String(StoreJson.write(o), StandardCharsets.UTF_8);
  }

  @Test
  void aMountIsWrittenAsGoOmitsEmptyFieldsAndUnknownOnesRoundTrip() {
    String json = "{\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/v\",\"ReadOnly\":true,"
        + "\"VolumeOptions\":{\"NoCopy\":true,\"Labels\":{\"a\":\"b\"},"
        + "\"DriverConfig\":{\"Name\":\"local\",\"Options\":{\"o\":\"bind\"}}},"
        + "\"ClusterOptions\":{}},"
        + "{\"Type\":\"bind\",\"Source\":\"/s\",\"Target\":\"/b\",\"BindOptions\":{}},"
        + "{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1024,"
        + "\"Mode\":448}}]}";
    HostConfig h = StoreJson.readHostConfig(json.getBytes(), "hostconfig");
    MountSpec volume = h.mounts().getFirst();
    assertThat(volume.readOnly()).isTrue();
    assertThat(volume.volumeOptions()).isEqualTo(new MountSpec.VolumeOptions(true,
        Map.of("a", "b"), new MountSpec.DriverConfig("local", Map.of("o", "bind"))));
    assertThat(volume.other()).containsEntry("ClusterOptions", Map.of());
    assertThat(h.mounts().get(1).bindOptions())
        .isEqualTo(new MountSpec.BindOptions(null, false, false, false, false));
    assertThat(h.mounts().get(2).tmpfsOptions()).isEqualTo(new MountSpec.TmpfsOptions(1024, 448));

    String mounts = write(h).replaceAll("\\s", "");
    assertThat(mounts).contains(json.substring(10, json.length() - 1));
  }

  @Test
  void anUnsetHealthCheckFieldIsLeftOutAndZerosStay() {
    ContainerConfig c = StoreJson.read(("{\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],"
        + "\"Interval\":5,\"Retries\":0}}").getBytes(), ContainerConfig.class, "config");
    assertThat(c.healthcheck())
        .isEqualTo(new HealthConfig(List.of("CMD", "true"), 5L, null, null, null, 0));
    assertThat(write(c).replaceAll("\\s", ""))
        .contains("\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":5,\"Retries\":0}");
  }

  @Test
  void resourcesComeFromNamedAndUnnamedFieldsAndGoBackInPlace() {
    HostConfig h = StoreJson.readHostConfig(("{\"Memory\":8388608,\"CpuPeriod\":100000,"
        + "\"Dns\":[],\"BlkioWeightDevice\":[{\"Path\":\"/dev/sda\",\"Weight\":20}],"
        + "\"CpuQuota\":0}").getBytes(), "hostconfig");
    ResourceConfig r = StoreJson.resources(h);
    assertThat(r.memory()).isEqualTo(8388608L);
    assertThat(r.cpuPeriod()).isEqualTo(100000L);
    assertThat(r.blkioWeightDevice())
        .containsExactly(new ResourceConfig.WeightDevice("/dev/sda", 20));
    assertThat(r.kernelMemory()).isNull();

    ResourceConfig change = new ResourceConfig(null, null, null, null, null, null, null, null,
        null, 50000L, null, null, null, null, null, null, null, null, null, null);
    HostConfig after = StoreJson.withResources(h, change);
    assertThat(after.memory()).isEqualTo(8388608L);
    assertThat(after.other().keySet())
        .containsExactly("CpuPeriod", "Dns", "BlkioWeightDevice", "CpuQuota");
    assertThat(StoreJson.resources(after).cpuQuota()).isEqualTo(50000L);
  }
}
