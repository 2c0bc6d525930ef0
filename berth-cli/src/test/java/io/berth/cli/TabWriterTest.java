package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TabWriterTest {
  @Test
  void padsToTheWidestCellPlusThreeAndAtLeastTen() {
    String in = "REPOSITORY\tTAG\tIMAGE ID\tSIZE\nbusybox\tlatest\tabc\t4.26MB\n";
    assertThat(TabWriter.align(in)).isEqualTo("""
        REPOSITORY   TAG       IMAGE ID   SIZE
        busybox      latest    abc        4.26MB
        """);
  }

  @Test
  void aColumnIsAlignedOnlyOverConsecutiveLinesThatHaveIt() {
    String in = "a\tb\nlonger-than-ten-chars\nc\td\n";
    assertThat(TabWriter.align(in)).isEqualTo(
        "a         b\nlonger-than-ten-chars\nc         d\n");
  }

  @Test
  void countsCharactersNotBytes() {
    assertThat(TabWriter.align("héllo…\tx\nab\ty\n")).isEqualTo("héllo…    x\nab        y\n");
  }
}
