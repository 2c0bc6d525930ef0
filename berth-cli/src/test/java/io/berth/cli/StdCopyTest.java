package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** stdcopy demultiplexing and run's exit code mapping. */
class StdCopyTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private void demux(byte[]... frames) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      all.writeBytes(f);
    }
    StdCopy.demux(new ByteArrayInputStream(all.toByteArray()), out, err);
  }

  @Test
  void framesGoToTheirStream() throws Exception {
    String big = "x".repeat(100_000);
    demux(StdCopy.frame(1, "out1\n"), StdCopy.frame(2, "err\n"), StdCopy.frame(0, "echo\n"),
        StdCopy.frame(1, big), StdCopy.frame(1, ""));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out1\necho\n" + big);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
  }

  @Test
  void systemErrorAndTruncationAndUnknownTypes() {
    assertThatThrownBy(() -> demux(StdCopy.frame(1, "a"), StdCopy.frame(3, "boom")))
        .isInstanceOf(CliException.class).hasMessage("error from daemon in stream: boom");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a");
    byte[] cut = StdCopy.frame(1, "hello");
    assertThatThrownBy(() -> demux(java.util.Arrays.copyOf(cut, 10)))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> demux(new byte[] {1, 0, 0}))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> demux(StdCopy.frame(9, "x")))
        .hasMessage("Unrecognized input header: 9");
  }

  @Test
  void runExitCodesFollowTheStartError() {
    String notFound = "Error response from daemon: failed to create task for container: "
        + "exec: \"nope\": executable file not found in $PATH: unknown";
    CliException e = Containers.statusError(notFound, "run");
    assertThat(e.exitCode()).isEqualTo(127);
    assertThat(e.getMessage()).isEqualTo("berth: " + notFound
        + "\n\nRun 'berth run --help' for more information");
    assertThat(Containers.statusError("exec: \"/x\": stat /x: no such file or directory", "run")
        .exitCode()).isEqualTo(127);
    assertThat(Containers.statusError("exec: \"/etc\": permission denied", "run").exitCode())
        .isEqualTo(126);
    assertThat(Containers.statusError("exec /etc: is a directory", "run").exitCode())
        .isEqualTo(126);
    assertThat(Containers.statusError("Error response from daemon: Conflict.", "run").exitCode())
        .isEqualTo(125);
  }
}
