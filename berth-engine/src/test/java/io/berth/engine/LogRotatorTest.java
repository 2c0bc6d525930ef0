package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: rotation of log files and Docker's size and count options. */
class LogRotatorTest {
  @TempDir Path dir;

  @Test
  void cutSizeAndKeptFilesHoldTheBudgetEvenInABurst() {
    LogRotator.Limits l = new LogRotator.Limits(1024, 3);
    assertThat(l.cutSize()).isEqualTo(768);
    assertThat(l.kept()).isEqualTo(1);
    // a burst can leave kept + 3 files (LogFiles): never more than max-size × max-file
    assertThat((l.kept() + 3) * l.cutSize()).isLessThanOrEqualTo(1024 * 3);
    LogRotator.Limits one = new LogRotator.Limits(1024, 1);
    assertThat(one.generations()).isFalse();
    assertThat(one.cutSize()).isEqualTo(1024);
    assertThat(new LogRotator.Limits(0, 3).cutSize()).isZero();
  }

  @Test
  void sizesAndDefaults() {
    assertThat(LogRotator.bytes("1k")).isEqualTo(1024);
    assertThat(LogRotator.bytes("10m")).isEqualTo(10L << 20);
    assertThat(LogRotator.bytes("2GB")).isEqualTo(2L << 30);
    assertThat(LogRotator.bytes("512")).isEqualTo(512);
    assertThat(LogRotator.Limits.of(new HostConfig.LogConfig("json-file", Map.of())))
        .isEqualTo(new LogRotator.Limits(10L << 20, 3));
    assertThat(LogRotator.Limits.of(new HostConfig.LogConfig("json-file",
        Map.of("max-size", "-1")))).isEqualTo(new LogRotator.Limits(0, 3));
    assertThat(LogRotator.Limits.of(new HostConfig.LogConfig("json-file",
        Map.of("max-size", "1k", "max-file", "5")))).isEqualTo(new LogRotator.Limits(1024, 5));
    assertThatThrownBy(() -> LogRotator.bytes("lots"))
        .isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> LogDrivers.check(new HostConfig.LogConfig("json-file",
        Map.of("max-file", "0")))).hasMessageContaining("max-file cannot be less than 1");
  }
}
