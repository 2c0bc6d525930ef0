package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import org.junit.jupiter.api.Test;

/** A bridge claimed once per network namespace: the abstract socket needs no privilege. */
class BridgeClaimTest {
  private final String bridge = "bc" + ProcessHandle.current().pid();

  @Test
  void aClaimedBridgeIsRefusedUntilItsClaimCloses() {
    try (BridgeClaim first = BridgeClaim.take(bridge)) {
      assertThat(BridgeClaim.tryTake(bridge)).isNull();
      assertThatThrownBy(() -> BridgeClaim.take(bridge))
          .isInstanceOf(BerthException.Conflict.class)
          .hasMessage("bridge " + bridge + " is the default bridge of another running berthd"
              + " in this network namespace: give each daemon its own --bridge (and --bip)");
    }
    try (BridgeClaim again = BridgeClaim.take(bridge)) {
      assertThat(again).isNotNull();
    }
  }

  @Test
  void noBridgeClaimsNothing() {
    try (BridgeClaim a = BridgeClaim.take("none"); BridgeClaim b = BridgeClaim.take("none")) {
      assertThat(a).isNotNull();
      assertThat(b).isNotNull();
    }
  }
}
