package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarsTest {
  static String render(String stream, boolean terminal) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ProgressBars.render(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(buf, true, StandardCharsets.UTF_8), terminal);
    return buf.toString(StandardCharsets.UTF_8);
  }

  static final String PULL = """
      {"status":"Pulling from busybox","id":"latest"}
      {"status":"Pulling fs layer","id":"aaa"}
      {"status":"Pulling fs layer","id":"bbb"}
      {"status":"Downloading","id":"aaa","progressDetail":{"current":500000,"total":1000000}}
      {"status":"Pull complete","id":"aaa"}
      {"status":"Digest: sha256:abc"}
      """;

  @Test
  void aTerminalGetsOneLinePerLayerRewrittenInPlace() {
    String out = render(PULL, true);
    assertThat(out).startsWith("latest: Pulling from busybox\naaa: Pulling fs layer\n"
        + "bbb: Pulling fs layer\n");
    assertThat(out).contains("\033[2A\r\033[2Kaaa: Downloading [=========================>"
        + "                        ]  500kB/1MB\r\033[2B");
    assertThat(out).contains("\033[2A\r\033[2Kaaa: Pull complete\r\033[2B");
    assertThat(out).endsWith("Digest: sha256:abc\n");
  }

  @Test
  void elsewherePlainLinesWithoutBars() {
    assertThat(render(PULL, false)).isEqualTo("latest: Pulling from busybox\n"
        + "aaa: Pulling fs layer\nbbb: Pulling fs layer\naaa: Pull complete\n"
        + "Digest: sha256:abc\n");
  }
}
