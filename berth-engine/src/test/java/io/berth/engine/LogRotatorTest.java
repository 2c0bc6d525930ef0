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
  void rotationShiftsAndKeepsAtMostMaxFile() throws Exception {
    Path log = dir.resolve("container.log");
    for (int i = 1; i <= 4; i++) {
      Files.writeString(log, "gen" + i);
      LogRotator.rotate(log, 3);
    }
    assertThat(Files.readString(dir.resolve("container.log.1"))).isEqualTo("gen4");
    assertThat(Files.readString(dir.resolve("container.log.2"))).isEqualTo("gen3");
    assertThat(dir.resolve("container.log.3")).doesNotExist();
    assertThat(log).doesNotExist(); // conmon makes the new one when it reopens
  }

  @Test
  void afterTheMonitorExitedARotationItDidNotAnswerLeavesAnEmptyCurrentFile() throws Exception {
    Path log = dir.resolve("container.log");
    Files.writeString(log, "gen1");
    LogRotator.rotate(log, 3);
    assertThat(log).doesNotExist();
    LogRotator.ensureCurrent(log.toString());
    assertThat(log).exists().isEmptyFile();
    Files.writeString(log, "kept");
    LogRotator.ensureCurrent(log.toString());
    assertThat(log).hasContent("kept");
  }

  @Test
  void oneFileMeansTruncation() throws Exception {
    Path log = dir.resolve("container.log");
    Files.writeString(log, "x");
    LogRotator.rotate(log, 1);
    try (var l = Files.list(dir)) {
      assertThat(l).isEmpty();
    }
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
