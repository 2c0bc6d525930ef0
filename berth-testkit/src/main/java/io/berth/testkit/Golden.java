package io.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files, one rule for every golden test: a missing file fails the test, and one switch
 * rewrites them all after a deliberate change: {@code BERTH_UPDATE_GOLDEN=1} in the environment
 * or {@code -DBERTH_UPDATE_GOLDEN=1} on Maven's command line.
 */
public final class Golden {
  public static final String SWITCH = "BERTH_UPDATE_GOLDEN";

  private Golden() {}

  /** True when the golden files are to be (re)written instead of compared. */
  public static boolean updating() {
    return "1".equals(System.getenv(SWITCH)) || "1".equals(System.getProperty(SWITCH));
  }

  /**
   * Writes {@code actual} to {@code file} when updating; otherwise fails when the file is
   * missing and returns its text, for the caller to compare its own way.
   */
  public static String expected(Path file, String actual) throws IOException {
    if (updating()) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return actual;
    }
    if (!Files.exists(file)) {
      throw new AssertionError("no golden file " + file + "; run with " + SWITCH
          + "=1 to write it");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** {@link #expected}, then the text must be equal. */
  public static void check(Path file, String actual) throws IOException {
    assertThat(actual).as(file.toString()).isEqualTo(expected(file, actual));
  }
}
