package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.Json;
import io.berth.distribution.RegistryConfig;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RegistriesTest {
  @Test
  void daemonJsonRegistryKeys() throws Exception {
    RegistryConfig c = Registries.from(Json.MAPPER.readTree("""
        {"insecure-registries": ["myreg:5000"],
         "registry-mirrors": ["https://hub-mirror.local/"],
         "registry-mirror-map": {"quay.io": ["http://quay-mirror.local:5000"],
                                 "docker.io": ["https://second-hub-mirror.local"]}}
        """));
    assertThat(c.isInsecure("myreg:5000")).isTrue();
    assertThat(c.mirrors("docker.io")).containsExactly(URI.create("https://hub-mirror.local"),
        URI.create("https://second-hub-mirror.local"));
    assertThat(c.mirrors("quay.io")).containsExactly(URI.create("http://quay-mirror.local:5000"));
    assertThat(Registries.from(Json.MAPPER.readTree("{}")).mirrors("docker.io")).isEmpty();
  }

  @Test
  void aMirrorWithoutSchemeIsRefused() {
    assertThatThrownBy(() -> Registries.from(Json.MAPPER.readTree(
        "{\"registry-mirror-map\": {\"quay.io\": [\"quay-mirror.local\"]}}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must start with http");
  }
}
