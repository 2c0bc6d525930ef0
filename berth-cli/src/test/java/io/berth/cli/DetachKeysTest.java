package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
  private static String feed(DetachKeys k, String in, boolean[] detached) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = in.getBytes(StandardCharsets.ISO_8859_1);
    detached[0] = k.feed(b, b.length, out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void parsesDockersNotation() {
    assertThat(DetachKeys.parse("ctrl-p,ctrl-q")).containsExactly(16, 17);
    assertThat(DetachKeys.parse("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_,a"))
        .containsExactly(0, 27, 28, 29, 30, 31, 'a');
    assertThat(DetachKeys.parse("ctrl-1")).containsExactly(16, 17);
  }

  @Test
  void holdsBackAPrefixAndDetachesOnTheWholeSequence() {
    boolean[] d = new boolean[1];
    DetachKeys k = new DetachKeys(null);
    assertThat(feed(k, "ab\u0010", d)).isEqualTo("ab");
    assertThat(d[0]).isFalse();
    assertThat(feed(k, "x", d)).isEqualTo("\u0010x");
    assertThat(feed(k, "\u0010\u0010", d)).isEqualTo("\u0010");
    assertThat(feed(k, "\u0011", d)).isEmpty();
    assertThat(d[0]).isTrue();
  }
}
