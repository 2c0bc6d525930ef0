package io.berth.api.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerWireTest {
  @Test
  void listCommandQuotesArgumentsWithSpacesAsDockerd() {
    // dockerd 20.10: sh -c 'sleep 60; echo "a b"'
    assertThat(ContainerWire.listCommand("sh", List.of("-c", "sleep 60; echo \"a b\"")))
        .isEqualTo("sh -c 'sleep 60; echo \"a b\"'");
    assertThat(ContainerWire.listCommand("true", List.of())).isEqualTo("true");
    assertThat(ContainerWire.listCommand("sleep", List.of("60"))).isEqualTo("sleep 60");
  }
}
