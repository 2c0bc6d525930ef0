package io.berth.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
  private final Interpolation i = new Interpolation(Map.of("A", "a", "EMPTY", "", "N", "1"));

  @Test
  void theSpecsForms() {
    assertThat(i.expand("$A ${A} $$A $${A} x$")).isEqualTo("a a $A ${A} x$");
    assertThat(i.expand("${EMPTY:-d} ${EMPTY-d} ${UNSET-d} ${UNSET:-d}")).isEqualTo("d  d d");
    assertThat(i.expand("${A:+alt} ${EMPTY:+alt} ${EMPTY+alt} ${UNSET+alt}"))
        .isEqualTo("alt  alt ");
    assertThat(i.expand("${UNSET:-${A}-${N}}")).isEqualTo("a-1");
    assertThat(i.expand("$UNSET.${UNSET}")).isEqualTo(".");
  }

  @Test
  void requiredAndMalformed() {
    assertThatThrownBy(() -> i.expand("${EMPTY:?must be set}"))
        .hasMessage("required variable EMPTY is missing a value: must be set");
    assertThat(i.expand("${EMPTY?only unset}")).isEmpty();
    assertThatThrownBy(() -> i.expand("${A")).hasMessageContaining("invalid interpolation");
    assertThatThrownBy(() -> i.expand("${}")).hasMessageContaining("invalid interpolation");
  }

  @Test
  void shellWordsAndPorts() {
    assertThat(ShellWords.split("sh -c 'a b' \"c \\\"d\\\"\" e\\ f"))
        .containsExactly("sh", "-c", "a b", "c \"d\"", "e f");
    assertThat(Ports.parse("80").getFirst().toString())
        .isEqualTo("{\"mode\":\"ingress\",\"target\":80,\"protocol\":\"tcp\"}");
    assertThat(Ports.parse("[::1]:8080:80/udp").getFirst().toString()).isEqualTo(
        "{\"mode\":\"ingress\",\"host_ip\":\"::1\",\"target\":80,\"published\":\"8080\",\"protocol\":\"udp\"}");
    assertThat(Units.nanos("1m30s")).isEqualTo(90_000_000_000L);
    assertThat(Units.nanos("500ms")).isEqualTo(500_000_000L);
    assertThat(Units.bytes("1g")).isEqualTo(1L << 30);
    assertThat(Units.bytes("512")).isEqualTo(512);
  }
}
