package io.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthAndConfigTest {
  static String b64url(String s, boolean pad) {
    Base64.Encoder e = Base64.getUrlEncoder();
    return (pad ? e : e.withoutPadding()).encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void registryAuthIsDecodedLeniently() {
    String json = "{\"username\":\"u?>\",\"password\":\"p~~\",\"serveraddress\":\"r:5000\"}";
    for (String header : List.of(b64url(json, true), b64url(json, false),
        Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))) {
      AuthConfig a = AuthConfig.decodeHeader(header);
      assertThat(a.username()).isEqualTo("u?>");
      assertThat(a.password()).isEqualTo("p~~");
      assertThat(a.serverAddress()).isEqualTo("r:5000");
    }
    assertThat(AuthConfig.decodeHeader("e30=").hasCredentials()).isFalse();
    assertThat(AuthConfig.decodeHeader("").hasCredentials()).isFalse();
    assertThat(AuthConfig.decodeHeader(null)).isEqualTo(AuthConfig.ANONYMOUS);
    // docker-java's push without credentials: base64 of the JSON literal null
    assertThat(AuthConfig.decodeHeader("bnVsbA==")).isEqualTo(AuthConfig.ANONYMOUS);
    AuthConfig legacy = AuthConfig.fromJson(("{\"auth\":\"" + Base64.getEncoder()
        .encodeToString("joe:se:cret".getBytes()) + "\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(legacy.username()).isEqualTo("joe");
    assertThat(legacy.password()).isEqualTo("se:cret");
    assertThat(AuthConfig.fromJson("{\"IdentityToken\":\"tok\"}".getBytes()).identityToken())
        .isEqualTo("tok");
    assertThatThrownBy(() -> AuthConfig.decodeHeader("!!!"))
        .isInstanceOf(BerthException.InvalidArgument.class);
    assertThat(AuthConfig.decodeHeader(AuthConfig.basic("a", "b", "c").encodeHeader()))
        .isEqualTo(AuthConfig.basic("a", "b", "c"));
  }

  @Test
  void challengesAreParsed() {
    Challenge c = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\","
        + "service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
    assertThat(c.scheme()).isEqualTo("bearer");
    assertThat(c.param("realm")).isEqualTo("https://auth.docker.io/token");
    assertThat(c.param("service")).isEqualTo("registry.docker.io");
    assertThat(c.param("scope")).isEqualTo("repository:library/busybox:pull");
    Challenge basic = Challenge.parse("Basic realm=\"basic-realm\"");
    assertThat(basic.scheme()).isEqualTo("basic");
    assertThat(basic.param("realm")).isEqualTo("basic-realm");
    assertThat(Challenge.parse(" ")).isNull();
  }

  @Test
  void loopbackAndListedRegistriesAreInsecureOthersAreNot() {
    RegistryConfig c = new RegistryConfig(List.of("myreg:5000", "10.1.0.0/16"), List.of(),
        Map.of(), List.of());
    assertThat(c.isInsecure("127.0.0.1:5000")).isTrue();
    assertThat(c.isInsecure("127.9.9.9")).isTrue();
    assertThat(c.isInsecure("localhost:5000")).isTrue();
    assertThat(c.isInsecure("[::1]:5000")).isTrue();
    assertThat(c.isInsecure("myreg:5000")).isTrue();
    assertThat(c.isInsecure("myreg:5001")).isFalse();
    assertThat(c.isInsecure("10.1.2.3:443")).isTrue();
    assertThat(c.isInsecure("10.2.2.3:443")).isFalse();
    assertThat(c.isInsecure("quay.io")).isFalse();
  }

  @Test
  void mirrorsComeFromTheDockerListOrThePerRegistryMap() {
    URI hub = URI.create("https://hub-mirror.local");
    URI quay = URI.create("http://quay-mirror.local:5000");
    RegistryConfig c = new RegistryConfig(List.of(), List.of(hub), Map.of("quay.io",
        List.of(quay)), List.of());
    assertThat(c.mirrors("docker.io")).containsExactly(hub);
    assertThat(c.mirrors("quay.io")).containsExactly(quay);
    assertThat(c.mirrors("ghcr.io")).isEmpty();
    assertThat(RegistryConfig.apiHost("docker.io")).isEqualTo("registry-1.docker.io");
    assertThat(RegistryClient.hostOf("https://index.docker.io/v1/")).isEqualTo("docker.io");
    assertThat(RegistryClient.hostOf("http://127.0.0.1:5000/v2/")).isEqualTo("127.0.0.1:5000");
    assertThat(RegistryClient.hostOf("myreg:5000")).isEqualTo("myreg:5000");
    assertThat(RegistryClient.hostOf("")).isEqualTo("docker.io");
  }

  @Test
  void registryErrorsKeepDistributionsWording() {
    byte[] body = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"
        .getBytes(StandardCharsets.UTF_8);
    BerthException e = RegistryErrors.of(404, "GET manifest 1", body);
    assertThat(e).isInstanceOf(BerthException.NotFound.class)
        .hasMessage("GET manifest 1: manifest unknown: manifest unknown");
    assertThat(RegistryErrors.of(401, "x", new byte[0]))
        .isInstanceOf(BerthException.Unauthorized.class)
        .hasMessage("x: unauthorized: authentication required");
  }
}
