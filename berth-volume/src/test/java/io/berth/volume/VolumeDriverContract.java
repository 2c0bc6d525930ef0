package io.berth.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VolumeDriver} does with a volume that has no device options (the one kind
 * every driver serves): {@link LocalVolumeDriverContractTest} runs it on the local driver; a new
 * driver or a fake extends it too. What a driver does with a device is its own test's.
 */
public abstract class VolumeDriverContract {
  protected VolumeDriver driver;

  /** The driver under test, on an empty store. */
  protected abstract VolumeDriver open() throws Exception;

  @BeforeEach
  void openDriver() throws Exception {
    driver = open();
  }

  @Test
  void aCreatedVolumeIsItsPathAnEmptyDirectory() throws Exception {
    assertThat(driver.name()).isNotEmpty();
    Path data = driver.create("data", Map.of());
    assertThat(data).isEqualTo(driver.path("data")).isEmptyDirectory();
  }

  @Test
  void mountGivesThePathAgainAndKeepsTheData() throws Exception {
    Path data = driver.create("kept", Map.of());
    Files.writeString(data.resolve("f"), "x");
    assertThat(driver.mount("kept", Map.of())).isEqualTo(data);
    assertThat(driver.mount("kept", Map.of())).isEqualTo(data);
    assertThat(data.resolve("f")).hasContent("x");
  }

  @Test
  void removeDeletesTheDataAndTheNameCanBeCreatedAgain() throws Exception {
    Path data = driver.create("gone", Map.of());
    Files.createDirectories(data.resolve("sub"));
    Files.writeString(data.resolve("sub/f"), "x");
    driver.remove("gone");
    assertThat(data).doesNotExist();
    assertThat(driver.create("gone", Map.of())).isEmptyDirectory();
  }

  @Test
  void anUnknownOptionIsRefusedAndLeavesNothing() {
    assertThatThrownBy(() -> driver.create("bad", Map.of("bogus", "1")))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("bogus");
    assertThat(driver.path("bad")).doesNotExist();
  }

  @Test
  void volumesAreApart() throws Exception {
    Path a = driver.create("one", Map.of());
    Path b = driver.create("two", Map.of());
    Files.writeString(a.resolve("f"), "a");
    assertThat(b).isEmptyDirectory();
    driver.remove("two");
    assertThat(a.resolve("f")).hasContent("a");
  }
}
