package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Golden;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each state's ruleset, compared with {@code src/test/resources/nft-golden/<name>.nft}. Run with
 * {@code BERTH_UPDATE_GOLDEN=1} to rewrite the files, then review the diff.
 */
class NftRulesetGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/nft-golden");

  static Stream<Arguments> cases() {
    FirewallState.Bridge def = new FirewallState.Bridge("berth0", "172.17.0.0/16", false);
    FirewallState.Bridge app = new FirewallState.Bridge("br-0123456789ab", "172.18.0.0/16",
        false);
    FirewallState.Bridge internal = new FirewallState.Bridge("br-internal0", "10.9.0.0/24",
        true);
    return Stream.of(
        Arguments.of("empty", new FirewallState("berth", List.of(), List.of())),
        Arguments.of("default-bridge", new FirewallState("berth", List.of(def), List.of())),
        Arguments.of("published-ports", new FirewallState("berth_t1", List.of(def), List.of(
            new FirewallState.Published("tcp", "0.0.0.0", 8080, "172.17.0.2", 80),
            new FirewallState.Published("udp", "0.0.0.0", 5353, "172.17.0.2", 53),
            new FirewallState.Published("tcp", "127.0.0.1", 9000, "172.17.0.3", 9000)))),
        Arguments.of("isolated-networks", new FirewallState("berth", List.of(def, app,
            internal), List.of(
            new FirewallState.Published("tcp", "", 32768, "172.18.0.2", 80)))));
  }

  /** {@code ::} is every address; one IPv6 address is the relay's only (ADR 0116). */
  @Test
  void ipv6HostAddressesGiveValidRules() {
    String r = NftRuleset.render(new FirewallState("berth", List.of(), List.of(
        new FirewallState.Published("tcp", "::", 8080, "172.17.0.2", 80),
        new FirewallState.Published("udp", "::1", 5353, "172.17.0.2", 53))));
    assertThat(r).contains("tcp dport 8080 dnat to 172.17.0.2:80").doesNotContain("daddr ::")
        .doesNotContain("5353");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGolden(String name, FirewallState state) throws IOException {
    String actual = NftRuleset.render(state);
    Path file = DIR.resolve(name + ".nft");
    Golden.check(file, actual);
  }
}
