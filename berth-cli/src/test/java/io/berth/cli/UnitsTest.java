package io.berth.cli;

import io.berth.api.model.HumanDuration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {
  /** Expected values are what go-units prints (fmt %.*g). */
  @ParameterizedTest
  @CsvSource({
      "0, 3, 0B",
      "999, 3, 999B",
      "1000, 3, 1kB",
      "4261375, 3, 4.26MB",
      "1200000000, 3, 1.2GB",
      "999500, 3, 1e+03kB",
      "5, 3, 5B",
      "1234567, 4, 1.235MB",
      "1200000, 4, 1.2MB",
      "72000000, 3, 72MB",
      "123456789012345, 3, 123TB",
  })
  void sizes(long bytes, int precision, String expected) {
    assertThat(Units.size(bytes, precision)).isEqualTo(expected);
  }

  @Test
  void humanSizeIsFourDigits() {
    assertThat(Units.size(1_234_567_890L)).isEqualTo("1.235GB");
  }

  @ParameterizedTest
  @CsvSource({
      "0, Less than a second",
      "1, 1 second",
      "59, 59 seconds",
      "60, About a minute",
      "119, About a minute",
      "120, 2 minutes",
      "3599, 59 minutes",
      "3600, About an hour",
      "5399, About an hour",
      "5400, 2 hours",
      "7200, 2 hours",
      "170000, 47 hours",
      "172800, 2 days",
      "1209600, 2 weeks",
      "5184000, 2 months",
      "63072000, 2 years",
  })
  void durations(long seconds, String expected) {
    assertThat(HumanDuration.of(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void sinceIsAgoOrNotAvailable() {
    Instant now = Instant.ofEpochSecond(1_700_000_000L);
    assertThat(Units.since(1_700_000_000L - 7200, now)).isEqualTo("2 hours ago");
    assertThat(Units.since(1_700_000_000L - 90, now)).isEqualTo("About a minute ago");
    assertThat(Units.since(0, Instant.parse("2026-11-23T00:00:00Z"))).isEqualTo("56 years ago");
  }
}
