package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link NftablesFirewall} hands to {@code nft -f -}, with a recorder for the process. */
class NftablesFirewallTest {
  private static final FirewallState.Bridge DEF =
      new FirewallState.Bridge("berth0", "172.17.0.0/16", false);
  private static final FirewallState IDLE = new FirewallState("berth", List.of(DEF), List.of());
  private static final FirewallState PUBLISHED = new FirewallState("berth", List.of(DEF),
      List.of(new FirewallState.Published("tcp", "0.0.0.0", 8080, "172.17.0.2", 80)));

  /** A container start or stop that changes no rule (no published port) runs no nft. */
  @Test
  void theSameRulesAreNotWrittenTwice() {
    List<String> runs = new ArrayList<>();
    NftablesFirewall f = new NftablesFirewall(runs::add);
    f.apply(IDLE);
    f.apply(IDLE);
    assertThat(runs).containsExactly(NftRuleset.render(IDLE));
    f.apply(PUBLISHED);
    f.apply(PUBLISHED);
    f.apply(IDLE);
    assertThat(runs).containsExactly(NftRuleset.render(IDLE), NftRuleset.render(PUBLISHED),
        NftRuleset.render(IDLE));
  }

  /** A failed nft leaves nothing recorded as applied, so the same state is tried again. */
  @Test
  void aFailedRunIsRetriedWithTheSameState() {
    List<String> runs = new ArrayList<>();
    boolean[] fail = {false};
    NftablesFirewall f = new NftablesFirewall(text -> {
      runs.add(text);
      if (fail[0]) {
        throw new IllegalStateException("nft: busy");
      }
    });
    f.apply(IDLE);
    fail[0] = true;
    assertThatThrownBy(() -> f.apply(PUBLISHED)).hasMessageContaining("busy");
    fail[0] = false;
    f.apply(PUBLISHED);
    assertThat(runs).hasSize(3);
  }
}
