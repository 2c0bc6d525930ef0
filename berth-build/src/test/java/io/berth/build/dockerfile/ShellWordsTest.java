package io.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellWordsTest {
  private static final Map<String, String> ENV = Map.of("A", "a", "EMPTY", "", "P", "/usr/x");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "$A|a", "${A}b|ab", "x$A-y|xa-y", "${NOPE}|''", "${NOPE:-def}|def", "${EMPTY:-def}|def",
      "${EMPTY-def}|''", "${A:-def}|a", "${A:+alt}|alt", "${NOPE:+alt}|''", "${EMPTY+alt}|alt",
      "${EMPTY:+alt}|''", "\"$A b\"|a b", "\\$A|$A", "a\\ b|a b", "$|$", "$/|$/",
      "${NOPE:-${A}x}|ax", "\"q\\\"q\"|q\"q", "${P}/bin|/usr/x/bin",
  })
  void expandsOneWord(String in, String out) {
    assertThat(ShellWords.word(in, '\\', ENV::get)).isEqualTo(out);
  }

  @org.junit.jupiter.api.Test
  void splitsWordsOutsideQuotes() {
    assertThat(ShellWords.words("$A \"b c\"  'd e' f\\ g", '\\', ENV::get))
        .isEqualTo(List.of("a", "b c", "d e", "f g"));
    assertThat(ShellWords.word("'$A'\"$A\"", '\\', ENV::get)).isEqualTo("$Aa");
    assertThat(ShellWords.word("c:\\dir `$A", '`', ENV::get)).isEqualTo("c:\\dir $A");
  }

  @org.junit.jupiter.api.Test
  void requiredVariableFails() {
    assertThatThrownBy(() -> ShellWords.word("${NOPE:?must be set}", '\\', ENV::get))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("NOPE: must be set");
  }
}
