package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsernsRemapTest {
  @TempDir Path dir;

  @Test
  void theFirstRangeOfTheUserByNameOrNumberIsTaken() throws Exception {
    Path subuid = Files.writeString(dir.resolve("subuid"),
        "alice:100000:65536\nbob:165536:65536\nbob:300000:10\n1001:400000:1000\n");
    assertThat(UsernsRemap.range(subuid, "bob", "bob")).containsExactly(165536, 65536);
    assertThat(UsernsRemap.range(subuid, "carol", "1001")).containsExactly(400000, 1000);
    assertThat(UsernsRemap.range(subuid, "dave", "dave")).isNull();
    assertThat(UsernsRemap.range(dir.resolve("missing"), "bob", "bob")).isNull();
  }

  @Test
  void noRemapIsNone() {
    assertThat(UsernsRemap.resolve(null).remapped()).isFalse();
    assertThat(UsernsRemap.resolve("").remapped()).isFalse();
  }
}
