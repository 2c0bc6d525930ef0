package io.berth.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenTest {
  @TempDir Path dir;

  @BeforeEach
  void notUpdating() {
    assumeFalse(Golden.updating(), "the golden files are being rewritten");
  }

  @Test
  void aMissingGoldenFileFails() {
    Path file = dir.resolve("missing.txt");
    assertThatThrownBy(() -> Golden.check(file, "x")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("no golden file").hasMessageContaining("BERTH_UPDATE_GOLDEN=1");
    org.assertj.core.api.Assertions.assertThat(file).doesNotExist();
  }

  @Test
  void aDifferentTextFailsAndAnEqualOnePasses() throws Exception {
    Path file = Files.writeString(dir.resolve("g.txt"), "one\n");
    Golden.check(file, "one\n");
    assertThatThrownBy(() -> Golden.check(file, "two\n")).isInstanceOf(AssertionError.class);
  }
}
