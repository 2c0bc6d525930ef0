package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DaemonClientTest {
  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void streamsAnUnsizedBodyChunkedAndReadsAChunkedAnswer() throws Exception {
    byte[] tar = bytes(200_000);
    try (FakeDaemon d = new FakeDaemon(r -> new FakeDaemon.Reply(200, "application/x-tar",
        r.body(), true))) {
      try (DaemonClient.Streamed s = new DaemonClient(d.host()).open("POST", "/echo",
          new DaemonClient.Body("application/x-tar", new ByteArrayInputStream(tar), -1))) {
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.body().readAllBytes()).isEqualTo(tar);
      }
      assertThat(d.last().headers()).containsEntry("transfer-encoding", "chunked")
          .containsEntry("content-type", "application/x-tar").doesNotContainKey("content-length");
    }
  }

  @Test
  void sendsAFileWithContentLengthAndReadsASizedAnswer() throws Exception {
    byte[] tar = bytes(70_000);
    try (FakeDaemon d = new FakeDaemon(r -> new FakeDaemon.Reply(200, "application/x-tar",
        r.body(), false))) {
      try (DaemonClient.Streamed s = new DaemonClient(d.host()).open("POST", "/echo",
          new DaemonClient.Body("application/x-tar", new ByteArrayInputStream(tar), tar.length))) {
        InputStream in = s.body();
        assertThat(in.readNBytes(10)).isEqualTo(java.util.Arrays.copyOf(tar, 10));
        assertThat(in.readAllBytes()).hasSize(tar.length - 10);
        assertThat(in.read()).isEqualTo(-1);
      }
      assertThat(d.last().headers()).containsEntry("content-length", "70000")
          .doesNotContainKey("transfer-encoding");
      assertThat(d.last().body()).isEqualTo(tar);
    }
  }

  @Test
  void callReadsAWholeJsonAnswer() throws Exception {
    try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.Reply.json(200, "{\"a\":1}"))) {
      DaemonClient.Response r = new DaemonClient(d.host()).call("POST", "/x",
          "{}".getBytes(StandardCharsets.UTF_8));
      assertThat(r.text()).isEqualTo("{\"a\":1}");
      assertThat(d.last().headers()).containsEntry("content-type", "application/json");
      assertThat(d.last().text()).isEqualTo("{}");
    }
  }

  @Test
  void anAbsentDaemonIsOneLine() {
    assertThatThrownBy(() -> new DaemonClient("unix:///nonexistent/b.sock").call("GET", "/", null))
        .isInstanceOf(CliException.class)
        .hasMessage("Cannot connect to the berth daemon at unix:///nonexistent/b.sock. "
            + "Is berthd running?");
  }
}
