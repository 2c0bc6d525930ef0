package io.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.testkit.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files: {@code src/test/resources/dockerfiles/<name>.Dockerfile} parses to the AST in
 * {@code <name>.ast}. Run with {@code BERTH_UPDATE_GOLDEN=1} (as every golden test) to rewrite them after a deliberate
 * change, then review the diff.
 */
class DockerfileParserTest {
  private static final Path DIR = Path.of("src/test/resources/dockerfiles");

  @ParameterizedTest
  @ValueSource(strings = {"multistage", "escape"})
  void parsesToTheGoldenAst(String name) throws Exception {
    String text = Files.readString(DIR.resolve(name + ".Dockerfile"));
    String actual = render(DockerfileParser.parse("Dockerfile", text));
    Path golden = DIR.resolve(name + ".ast");
    Golden.check(golden, actual);
  }

  static String render(Dockerfile d) {
    List<String> out = new ArrayList<>();
    out.add("directives " + new java.util.TreeMap<>(d.directives()));
    d.metaArgs().forEach(a -> out.add("meta " + a));
    for (Dockerfile.Stage s : d.stages()) {
      out.add("stage " + s.from());
      s.instructions().forEach(i -> out.add("  " + i));
    }
    return String.join("\n", out) + "\n";
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "FROM x\\nRUNN echo|dockerfile parse error line 2 of Dockerfile (RUNN): unknown instruction: RUNN",
      "RUN echo|dockerfile parse error line 1 of Dockerfile (RUN): no build stage in current context",
      "FROM x\\nCOPY onlyone|line 2 of Dockerfile (COPY): COPY requires at least two arguments",
      "FROM x\\nENV|line 2 of Dockerfile (ENV): ENV requires at least one argument",
      "FROM x\\nENV a=b c|line 2 of Dockerfile (ENV): Syntax error - can't find = in \"c\"",
      "FROM x y|line 1 of Dockerfile (FROM): FROM requires either one or three arguments",
      "FROM x\\n\\nSHELL sh -c|line 3 of Dockerfile (SHELL): SHELL requires the arguments to be in JSON form",
      "FROM x\\nCOPY --form=a b c|line 2 of Dockerfile (COPY): Unknown flag: form",
      "FROM x\\nHEALTHCHECK --interval=5 CMD true|line 2 of Dockerfile (HEALTHCHECK): time: invalid duration \"5\"",
      "FROM x\\nONBUILD FROM y|line 2 of Dockerfile (ONBUILD): FROM isn't allowed as an ONBUILD trigger",
      "# only a comment|file with no instructions",
  })
  void syntaxErrorsNameFileLineAndInstruction(String text, String message) {
    assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", text.replace("\\n", "\n")))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"FROM x\r\nRUN a \\\r\n  b\r\n", "\uFEFFFROM x\nRUN a \\\n  b"})
  void crlfAndByteOrderMark(String text) {
    Dockerfile d = DockerfileParser.parse("Dockerfile", text);
    assertThat(d.stages().getFirst().instructions().getFirst())
        .isEqualTo(new Instruction.Run(2, "RUN a   b",
            new Instruction.Command(List.of("a   b"), true)));
  }

  @org.junit.jupiter.api.Test
  void aLineOverDockersSixtyFourKibibytesIsAParseErrorAndOneUnderIsRead() {
    String ok = "FROM scratch\nLABEL a=" + "x".repeat(DockerfileParser.MAX_LINE - 8) + "\n";
    assertThat(DockerfileParser.parse("Dockerfile", ok)).isNotNull();
    String tooLong = "FROM scratch\nLABEL a=" + "x".repeat(DockerfileParser.MAX_LINE) + "\n";
    assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", tooLong))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("dockerfile line greater than max allowed size of 65535");
  }
}
