package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerFiltersUntilTest {
  @Test
  void untilTakesUnixSecondsRfc3339AndGoDurationsAsDockerdDoes() {
    assertThat(ContainerFilters.until("1700000000.5"))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000L));
    assertThat(ContainerFilters.until("2024-01-02T03:04:05Z"))
        .isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
    Instant hourAndHalfAgo = Instant.now().minus(Duration.ofMinutes(90));
    assertThat(Duration.between(ContainerFilters.until("1h30m"), hourAndHalfAgo).abs())
        .isLessThan(Duration.ofSeconds(5));
    assertThatThrownBy(() -> ContainerFilters.until("yesterday"))
        .hasMessage("invalid until filter: yesterday");
  }
}
