package io.berth.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.EngineJson;
import io.berth.engine.HostConfig;
import io.berth.oci.OciJson;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SpecOverridesTest {
  private static final String SPEC = """
      {"linux":{"maskedPaths":["/proc/kcore"],"readonlyPaths":["/proc/sys"]},
       "mounts":[{"destination":"/data","options":["rbind","rw","%s"]}]}""";

  private static HostConfig host(String json) {
    return EngineJson.read(json.getBytes(StandardCharsets.UTF_8), HostConfig.class, "host");
  }

  private static JsonNode apply(String propagation, String hostJson) throws Exception {
    byte[] spec = SPEC.formatted(propagation).getBytes(StandardCharsets.UTF_8);
    return OciJson.MAPPER.readTree(SpecOverrides.apply(spec, host(hostJson), null)).path("linux");
  }

  @Test
  void givenPathsReplaceTheDefaults() throws Exception {
    JsonNode l = apply("rprivate", "{\"MaskedPaths\":[\"/bin/ls\"],\"ReadonlyPaths\":[]}");
    assertThat(l.path("maskedPaths").toString()).isEqualTo("[\"/bin/ls\"]");
    assertThat(l.path("readonlyPaths").toString()).isEqualTo("[]");
    assertThat(l.has("rootfsPropagation")).isFalse();
  }

  @Test
  void absentPathsKeepTheDefaultsAndPrivilegedIgnoresThem() throws Exception {
    assertThat(apply("rprivate", "{}").path("maskedPaths").toString())
        .isEqualTo("[\"/proc/kcore\"]");
    assertThat(apply("rprivate", "{\"Privileged\":true,\"MaskedPaths\":[\"/x\"]}")
        .path("maskedPaths").toString()).isEqualTo("[\"/proc/kcore\"]");
  }

  @Test
  void sharedOrSlaveBindsSetTheRootPropagation() throws Exception {
    assertThat(apply("rshared", "{}").path("rootfsPropagation").asText()).isEqualTo("rshared");
    assertThat(apply("rslave", "{}").path("rootfsPropagation").asText()).isEqualTo("rslave");
    assertThat(apply("rprivate", "{}").has("rootfsPropagation")).isFalse();
  }
}
