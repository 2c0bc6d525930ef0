package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Tier 1: the escape proxy's parsing and matching (moby term.ToBytes / EscapeProxy). */
class DetachSequenceTest {
  private static String feed(DetachSequence k, String in, boolean[] detached) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = in.getBytes(StandardCharsets.ISO_8859_1);
    detached[0] = k.feed(b, b.length, out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void parsesDockersForms() {
    assertThat(DetachSequence.parse(null)).contains(new byte[] {16, 17});
    assertThat(DetachSequence.parse("").orElseThrow()).containsExactly(16, 17);
    assertThat(DetachSequence.parse("ctrl-p,ctrl-q").orElseThrow()).containsExactly(16, 17);
    assertThat(DetachSequence.parse("ctrl-a,x").orElseThrow()).containsExactly(1, 'x');
    assertThat(DetachSequence.parse("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_,a")
        .orElseThrow()).containsExactly(0, 27, 28, 29, 30, 31, 'a');
    assertThat(DetachSequence.parse("ctrl-1")).isEmpty();
    assertThat(DetachSequence.parse("ctrl-pq")).isEmpty();
  }

  @Test
  void holdsBackAPrefixAndSendsItOnAMismatch() {
    DetachSequence k = new DetachSequence(DetachSequence.DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(k.feed(new byte[] {'a', 16}, 2, out)).isFalse();
    assertThat(out.toByteArray()).containsExactly('a');
    assertThat(k.feed(new byte[] {'b'}, 1, out)).isFalse();
    assertThat(out.toByteArray()).containsExactly('a', 16, 'b');
    out.reset();
    assertThat(k.feed(new byte[] {'c', 16, 17, 'd'}, 4, out)).isTrue();
    assertThat(out.toByteArray()).containsExactly('c');
  }

  @Test
  void aRepeatedFirstKeyKeepsOneHeldBack() {
    boolean[] d = new boolean[1];
    DetachSequence k = new DetachSequence(DetachSequence.DEFAULT);
    assertThat(feed(k, "ab\u0010", d)).isEqualTo("ab");
    assertThat(d[0]).isFalse();
    assertThat(feed(k, "x", d)).isEqualTo("\u0010x");
    assertThat(feed(k, "\u0010\u0010", d)).isEqualTo("\u0010");
    assertThat(feed(k, "\u0011", d)).isEmpty();
    assertThat(d[0]).isTrue();
  }

  @Test
  void aOneKeySequenceDetachesAtOnce() {
    boolean[] d = new boolean[1];
    DetachSequence k = new DetachSequence(DetachSequence.parse("ctrl-x").orElseThrow());
    assertThat(feed(k, "ab\u0018cd", d)).isEqualTo("ab");
    assertThat(d[0]).isTrue();
  }
}
