package io.berth.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCapabilitiesTest {
  @TempDir
  Path dir;

  @Test
  void readsTheBoundingSetOfStatus() throws Exception {
    // this machine's root: every capability but CAP_SYS_RESOURCE (bit 24)
    Path status = dir.resolve("status");
    Files.writeString(status, "Name:\tjava\nCapEff:\t000001ffffffffff\nCapBnd:\t000001fffeffffff\n");
    LongPredicate b = HostCapabilities.bounding(status);
    assertThat(b.test(0)).isTrue();
    assertThat(b.test(21)).isTrue();
    assertThat(b.test(24)).isFalse();
    assertThat(b.test(40)).isTrue();
    assertThat(b.test(41)).isFalse();
  }

  @Test
  void withoutStatusNothingIsCut() {
    assertThat(HostCapabilities.bounding(dir.resolve("absent")).test(24)).isTrue();
  }

  @Test
  void privilegedAllIsCutToWhatTheDaemonHas() {
    var all = HostCapabilities.cut(CapabilitySet.ALL);
    // whatever this host allows, the result is a subset in the same order
    assertThat(CapabilitySet.ALL).containsAll(all);
    assertThat(HostCapabilities.cut(null)).isNull();
  }
}
