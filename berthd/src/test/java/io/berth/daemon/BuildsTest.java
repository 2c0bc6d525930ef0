package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.distribution.AuthConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A build's base image pull picks the client's credentials for the image's registry. */
class BuildsTest {
  private static final Map<String, String> AUTHS = Map.of(
      "https://index.docker.io/v1/", "{\"username\":\"hub\",\"password\":\"p1\"}",
      "127.0.0.1:5000", "{\"username\":\"local\",\"password\":\"p2\"}");

  @Test
  void credentialsByRegistry() {
    assertThat(Builds.auth(AUTHS, "docker.io").username()).isEqualTo("hub");
    assertThat(Builds.auth(AUTHS, "127.0.0.1:5000").password()).isEqualTo("p2");
    assertThat(Builds.auth(AUTHS, "quay.io")).isEqualTo(AuthConfig.ANONYMOUS);
  }
}
