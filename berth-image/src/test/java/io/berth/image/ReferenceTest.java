package io.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceTest {
  private static final String D =
      "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  @ParameterizedTest
  @CsvSource({
      "busybox, docker.io/library/busybox:latest, busybox:latest",
      "busybox:1.36, docker.io/library/busybox:1.36, busybox:1.36",
      "foo/bar, docker.io/foo/bar:latest, foo/bar:latest",
      "foo/bar:1, docker.io/foo/bar:1, foo/bar:1",
      "docker.io/library/busybox, docker.io/library/busybox:latest, busybox:latest",
      "index.docker.io/library/busybox, docker.io/library/busybox:latest, busybox:latest",
      "docker.io/busybox, docker.io/library/busybox:latest, busybox:latest",
      "localhost/x, localhost/x:latest, localhost/x:latest",
      "localhost:5000/x, localhost:5000/x:latest, localhost:5000/x:latest",
      "127.0.0.1:5055/bb:1, 127.0.0.1:5055/bb:1, 127.0.0.1:5055/bb:1",
      "registry.example.com/a/b/c:v1.2_3, registry.example.com/a/b/c:v1.2_3, registry.example.com/a/b/c:v1.2_3",
      "Example.COM/x, Example.COM/x:latest, Example.COM/x:latest",
      "a__b-c.d, docker.io/library/a__b-c.d:latest, a__b-c.d:latest",
  })
  void normalises(String in, String normalised, String familiar) {
    Reference r = Reference.parse(in).withDefaultTag();
    assertThat(r.toString()).isEqualTo(normalised);
    assertThat(r.familiar()).isEqualTo(familiar);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x@" + D, "x:1@" + D})
  void digests(String in) {
    Reference r = Reference.parse(in);
    assertThat(r.digest()).isEqualTo(D);
    assertThat(r.withDefaultTag()).isEqualTo(r);
    assertThat(r.name()).isEqualTo("docker.io/library/x");
    assertThat(r.familiar()).isEqualTo(in);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Busybox", "foo/Bar", "a:b:c", "-x", "x-", "x//y", "x:", "x@sha256:12",
      "x:" + "t", ":tag", "a/b/"})
  void rejects(String in) {
    if (in.equals("x:t")) {
      assertThat(Reference.parse(in).tag()).isEqualTo("t");
      return;
    }
    assertThatThrownBy(() -> Reference.parse(in))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageStartingWith("invalid reference format");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Busybox", "foo/Bar"})
  void uppercaseIsExplained(String in) {
    assertThatThrownBy(() -> Reference.parse(in)).hasMessageContaining("must be lowercase");
  }

  @ParameterizedTest
  @ValueSource(strings = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void rejectsBareIdAsName(String in) {
    assertThatThrownBy(() -> Reference.parse(in)).hasMessageContaining("64-byte hexadecimal");
  }
}
