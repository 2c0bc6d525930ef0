package io.berth.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.HostConfig;
import io.berth.oci.OciJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class SpecOverridesTest {
  private static final String SPEC = """
      {"linux":{"maskedPaths":["/proc/kcore"],"readonlyPaths":["/proc/sys"]},
       "mounts":[{"destination":"/data","options":["rbind","rw","%s"]}]}""";

  private static JsonNode apply(String propagation, HostConfig host) throws Exception {
    byte[] spec = SPEC.formatted(propagation).getBytes(StandardCharsets.UTF_8);
    return OciJson.MAPPER.readTree(SpecOverrides.apply(spec, host, null)).path("linux");
  }

  private static HostConfig none() {
    return HostConfig.builder().build();
  }

  @Test
  void givenPathsReplaceTheDefaults() throws Exception {
    JsonNode l = apply("rprivate", HostConfig.builder()
        .extra(HostConfig.Extra.MASKED_PATHS, List.of("/bin/ls"))
        .extra(HostConfig.Extra.READONLY_PATHS, List.of()).build());
    assertThat(l.path("maskedPaths").toString()).isEqualTo("[\"/bin/ls\"]");
    assertThat(l.path("readonlyPaths").toString()).isEqualTo("[]");
    assertThat(l.has("rootfsPropagation")).isFalse();
  }

  @Test
  void absentPathsKeepTheDefaultsAndPrivilegedIgnoresThem() throws Exception {
    assertThat(apply("rprivate", none()).path("maskedPaths").toString())
        .isEqualTo("[\"/proc/kcore\"]");
    assertThat(apply("rprivate", HostConfig.builder().privileged(true)
        .extra(HostConfig.Extra.MASKED_PATHS, List.of("/x")).build())
        .path("maskedPaths").toString()).isEqualTo("[\"/proc/kcore\"]");
  }

  @Test
  void sharedOrSlaveBindsSetTheRootPropagation() throws Exception {
    assertThat(apply("rshared", none()).path("rootfsPropagation").asText()).isEqualTo("rshared");
    assertThat(apply("rslave", none()).path("rootfsPropagation").asText()).isEqualTo("rslave");
    assertThat(apply("rprivate", none()).has("rootfsPropagation")).isFalse();
  }
}
