package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FiltersTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "dangling=true                      | {\"dangling\":{\"true\":true}}",
      "reference=busybox;reference=alpine | {\"reference\":{\"alpine\":true,\"busybox\":true}}",
      "label=a=b;dangling=false           | {\"dangling\":{\"false\":true},\"label\":{\"a=b\":true}}",
      "before=x:1                         | {\"before\":{\"x:1\":true}}",
  })
  void encodesAsTheEngineApiExpects(String flags, String json) {
    assertThat(Filters.parse(Arrays.asList(flags.split(";"))).json()).isEqualTo(json);
  }

  @ParameterizedTest
  @CsvSource({"nonsense", "''"})
  void aFlagWithoutEqualsIsRefused(String flag) {
    assertThatThrownBy(() -> Filters.parse(List.of(flag))).isInstanceOf(CliException.class)
        .hasMessageContaining("bad format of filter (expected name=value)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "busybox                 | busybox | ",
      "busybox:1.36            | busybox | 1.36",
      "localhost:5000/a/b      | localhost:5000/a/b | ",
      "localhost:5000/a/b:v2   | localhost:5000/a/b | v2",
  })
  void splitsNames(String ref, String repo, String tag) {
    ImageName n = ImageName.parse(ref);
    assertThat(n.repository()).isEqualTo(repo);
    assertThat(n.tag()).isEqualTo(tag);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "busybox                  | docker.io/library/busybox | busybox",
      "me/app                   | docker.io/me/app          | me/app",
      "docker.io/busybox        | docker.io/library/busybox | busybox",
      "quay.io/x/y              | quay.io/x/y               | quay.io/x/y",
      "localhost/x              | localhost/x               | localhost/x",
  })
  void normalizesAndFamiliarizes(String name, String normalized, String familiar) {
    assertThat(ImageName.normalized(name)).isEqualTo(normalized);
    assertThat(ImageName.familiar(ImageName.normalized(name))).isEqualTo(familiar);
  }
}
