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
  void hijackExposesTheRawStreamBothWaysAndHalfCloses() throws Exception {
    try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.Reply.hijack(StdCopy.frame(1, "out")))) {
      try (DaemonClient.Hijacked h = new DaemonClient(d.host()).hijack("POST", "/attach",
          DaemonClient.Body.json("{\"Tty\":false}".getBytes(StandardCharsets.UTF_8)))) {
        h.out().write("to stdin".getBytes(StandardCharsets.UTF_8));
        h.out().flush();
        h.closeWrite();
        // The daemon closes only after reading our EOF, so this read ends after the half-close.
        assertThat(h.in().readAllBytes()).isEqualTo(StdCopy.frame(1, "out"));
      }
      assertThat(d.last().headers()).containsEntry("connection", "Upgrade")
          .containsEntry("upgrade", "tcp").containsEntry("content-length", "13");
      assertThat(d.last().text()).isEqualTo("{\"Tty\":false}");
      assertThat(d.hijackInput.get("/attach")).isEqualTo("to stdin".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void hijackRefusesAnythingButAnUpgrade() throws Exception {
    try (FakeDaemon d = new FakeDaemon(r -> r.target().equals("/ok")
        ? new FakeDaemon.Reply(200, "application/vnd.docker.raw-stream", new byte[0], false)
        : FakeDaemon.Reply.json(409, "{\"message\":\"container abc is not running\"}"))) {
      DaemonClient c = new DaemonClient(d.host());
      assertThatThrownBy(() -> c.hijack("POST", "/ok", null))
          .hasMessage("unable to upgrade to tcp, received 200");
      assertThatThrownBy(() -> c.hijack("POST", "/no", null)).isInstanceOf(CliException.class)
          .hasMessage("Error response from daemon: container abc is not running");
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
