package io.berth.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.oci.runtime.Linux.DeviceRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRulesTest {
  @Test
  void rulesBecomeAllowEntriesWithWildcardsAsNull() {
    assertThat(DeviceRules.parse(List.of("c 7:128 rwm", "b 8:* r", "a *:* m")))
        .containsExactly(new DeviceRule(true, "c", 7L, 128L, "rwm"),
            new DeviceRule(true, "b", 8L, null, "r"), new DeviceRule(true, "a", null, null, "m"));
    assertThat(DeviceRules.parse(null)).isEmpty();
  }

  @Test
  void malformedRulesAreRefusedByName() {
    for (String bad : List.of("x 7:128 rwm", "c 7:128", "c 7 rwm", "c 7:128 rwx", "")) {
      assertThatThrownBy(() -> DeviceRules.parse(List.of(bad)))
          .isInstanceOf(BerthException.InvalidArgument.class)
          .hasMessage("invalid device cgroup format '" + bad + "'");
    }
  }
}
