package io.berth.cri.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalSizesTest {
  private static List<String> sizes(String wire) {
    List<String> seen = new ArrayList<>();
    new TerminalSizes(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)))
        .forEach((h, w) -> seen.add(h + "x" + w));
    return seen;
  }

  @Test
  void everySizeClientGoEncodesInTurnHeightFirst() {
    // json.Encoder: one object per line, as remotecommand's handleResizes writes them
    assertThat(sizes("{\"Width\":80,\"Height\":24}\n{\"Width\":132,\"Height\":43}\n"))
        .containsExactly("24x80", "43x132");
  }

  @Test
  void objectsWithoutLineBreaksAndZeroSizesAreHandled() {
    assertThat(sizes("{\"Width\":0,\"Height\":0}{\"Height\":5,\"Width\":7}"))
        .containsExactly("5x7");
  }

  @Test
  void aBrokenStreamEndsTheSizesQuietly() {
    assertThat(sizes("{\"Width\":80,\"Height\":24}\n{\"Wid")).containsExactly("24x80");
  }
}
