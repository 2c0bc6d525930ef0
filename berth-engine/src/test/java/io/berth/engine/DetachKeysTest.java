package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** Tier 1: the escape proxy's parsing and matching (moby term.ToBytes / EscapeProxy). */
class DetachKeysTest {
  @Test
  void parsesDockersForms() {
    assertThat(DetachKeys.parse(null)).containsExactly(16, 17);
    assertThat(DetachKeys.parse("ctrl-a,x")).containsExactly(1, 'x');
    assertThat(DetachKeys.parse("ctrl-@,ctrl-[,ctrl-_")).containsExactly(0, 27, 31);
    assertThatThrownBy(() -> DetachKeys.parse("ctrl-1"))
        .hasMessage("Invalid detach keys (ctrl-1) provided");
  }

  @Test
  void holdsBackAPrefixAndSendsItOnAMismatch() {
    DetachKeys k = new DetachKeys(DetachKeys.DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(k.feed(new byte[] {'a', 16}, 2, out)).isFalse();
    assertThat(out.toByteArray()).containsExactly('a');
    assertThat(k.feed(new byte[] {'b'}, 1, out)).isFalse();
    assertThat(out.toByteArray()).containsExactly('a', 16, 'b');
    out.reset();
    assertThat(k.feed(new byte[] {'c', 16, 17, 'd'}, 4, out)).isTrue();
    assertThat(out.toByteArray()).containsExactly('c');
  }
}
