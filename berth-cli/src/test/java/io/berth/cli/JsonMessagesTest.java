package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMessagesTest {
  @ParameterizedTest
  @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
      "{\"stream\":\"Step 1/2 : FROM busybox\\n\"} => 'Step 1/2 : FROM busybox\n'",
      "{\"status\":\"Pulling fs layer\",\"id\":\"abc\"} => 'abc: Pulling fs layer\n'",
      "{\"status\":\"Digest: sha256:1\"}{\"status\":\"done\"} => 'Digest: sha256:1\ndone\n'",
      "{\"status\":\"Downloading\",\"id\":\"a\",\"progressDetail\":{\"current\":1,\"total\":2}} => ''",
      "{\"status\":\"Waiting\",\"id\":\"a\",\"progressDetail\":{}} => 'a: Waiting\n'",
      "{\"aux\":{\"ID\":\"sha256:1\"}} => ''",
  })
  void renders(String stream, String expected) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonMessages.render(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " => ", value = {
      "{\"errorDetail\":{\"message\":\"bad tar\"},\"error\":\"bad tar\"} => bad tar",
      "{\"error\":\"only the old field\"} => only the old field",
      "{\"errorDetail\":{\"code\":401,\"message\":\"x\"}} => authentication is required",
  })
  void errorsEndTheStream(String stream, String message) {
    assertThatThrownBy(() -> JsonMessages.render(
        new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isInstanceOf(CliException.class).hasMessage(message);
  }
}
