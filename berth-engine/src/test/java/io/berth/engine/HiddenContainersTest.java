package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HiddenContainersTest {
  @Test
  void theDockerApiPassesOverHiddenContainers() {
    assertThat(HiddenContainers.exclude(Map.of()))
        .isEqualTo(Map.of("label!", List.of("io.berth.hidden")));
    assertThat(HiddenContainers.exclude(null))
        .isEqualTo(Map.of("label!", List.of("io.berth.hidden")));
    assertThat(HiddenContainers.exclude(Map.of("label!", List.of("a"), "name", List.of("web"))))
        .isEqualTo(Map.of("label!", List.of("a", "io.berth.hidden"), "name", List.of("web")));
  }

  @Test
  void aFilterNamingTheLabelSeesThem() {
    Map<String, List<String>> cri = Map.of("label", List.of("io.berth.cri.kind=sandbox",
        "io.berth.hidden"));
    assertThat(HiddenContainers.exclude(cri)).isSameAs(cri);
    Map<String, List<String>> value = Map.of("label", List.of("io.berth.hidden=true"));
    assertThat(HiddenContainers.exclude(value)).isSameAs(value);
  }
}
