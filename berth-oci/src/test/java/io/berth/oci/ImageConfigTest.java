package io.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
  private static final String BUSYBOX = """
      {"architecture":"amd64","config":{"Env":["PATH=/bin"],"Cmd":["sh"],"Labels":{"a":"b"},
      "ExposedPorts":{"80/tcp":{}},"Healthcheck":{"Test":["CMD","true"],"Interval":1000000000},
      "Unknown":1},"created":"2024-01-01T00:00:00.123456789Z","history":[{"created":"2024-01-01T00:00:00Z",
      "created_by":"ADD file:x in /"},{"created_by":"CMD [\\"sh\\"]","empty_layer":true}],"os":"linux",
      "rootfs":{"type":"layers","diff_ids":["sha256:aa"]},"moby.extra":{"x":1}}""";

  @Test
  void readsDockerConfigIgnoringUnknownFields() {
    ImageConfig c = ImageConfig.parse(BUSYBOX.getBytes(StandardCharsets.UTF_8));
    assertThat(c.os()).isEqualTo("linux");
    assertThat(c.runConfig().cmd()).containsExactly("sh");
    assertThat(c.runConfig().labels()).containsEntry("a", "b");
    assertThat(c.runConfig().healthcheck().interval()).isEqualTo(1_000_000_000L);
    assertThat(c.diffIds()).containsExactly("sha256:aa");
    assertThat(c.history()).hasSize(2);
    assertThat(c.history().get(1).isEmptyLayer()).isTrue();
  }

  @Test
  void writesExactJsonNamesAndLeavesOutNulls() {
    var m = ImageManifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, "sha256:c", 3),
        List.of(Descriptor.of(MediaTypes.OCI_LAYER, "sha256:l", 5)));
    assertThat(new String(OciJson.write(m), StandardCharsets.UTF_8)).isEqualTo(
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
            + "\"digest\":\"sha256:c\",\"size\":3},\"layers\":[{\"mediaType\":"
            + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:l\",\"size\":5}]}");
  }

  @Test
  void malformedIsInvalidArgument() {
    assertThatThrownBy(() -> ImageConfig.parse("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }
}
