package io.berth.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
  @Test
  void defaultsWhenImageAndContainerGiveNothing() {
    assertThat(Environment.build(null, List.of(), "h", false, "/"))
        .containsExactly("PATH=" + Environment.DEFAULT_PATH, "HOSTNAME=h", "HOME=/");
  }

  @Test
  void containerOverridesImageByKeyAndComesFirst() {
    assertThat(Environment.build(List.of("A=image", "B=image", "PATH=/image"),
        List.of("B=container", "C=container"), "h", true, "/root"))
        .containsExactly("PATH=/image", "HOSTNAME=h", "TERM=xterm", "B=container",
            "C=container", "A=image", "HOME=/root");
  }

  @Test
  void bareKeyUnsetsAndEmptyValueStays() {
    assertThat(Environment.build(List.of("A=1", "B=2"), List.of("A", "E="), "h", false, "/"))
        .containsExactly("PATH=" + Environment.DEFAULT_PATH, "HOSTNAME=h", "E=", "B=2", "HOME=/");
  }

  @Test
  void explicitHomeHostnameAndTermWin() {
    assertThat(Environment.build(List.of("HOME=/app"), List.of("HOSTNAME=x", "TERM=dumb"), "h",
        true, "/root"))
        .containsExactly("PATH=" + Environment.DEFAULT_PATH, "HOSTNAME=x", "TERM=dumb", "HOME=/app");
  }

  @Test
  void valuesMayContainEquals() {
    assertThat(Environment.build(List.of(), List.of("OPTS=-Da=b"), "h", false, "/"))
        .contains("OPTS=-Da=b");
  }
}
