package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 4: how berthd starts, refuses to start, and stops. */
class LifecycleE2eTest {
  @TempDir Path dir;

  @Test
  void sigtermStopsCleanlyAndRemovesSocketAndPidfile() throws Exception {
    Berthd d = Berthd.start(dir);
    Path pidfile = d.execRoot.resolve("berthd.pid");
    assertThat(Files.readString(pidfile).trim()).isEqualTo(Long.toString(d.process.pid()));
    d.close();
    assertThat(d.process.exitValue()).isZero();
    assertThat(d.socket).doesNotExist();
    assertThat(pidfile).doesNotExist();
  }

  @Test
  void tcpWithoutTlsIsRefused() throws Exception {
    Process p = Berthd.launch(dir, "-H", "tcp://127.0.0.1:23750");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("berthd.log")))
        .contains("refusing to listen on tcp://127.0.0.1:23750 without TLS");
  }

  @Test
  void unknownConfigKeyIsNamed() throws Exception {
    Files.writeString(dir.resolve("daemon.json"), "{\"log-level\":\"info\",\"bogus-key\":1}");
    Process p = Berthd.launch(dir);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("berthd.log")))
        .contains("the following directives don't match any configuration option: bogus-key");
  }

  /**
   * A network start-up failure (it runs on a thread of its own, ADR 0130) still ends berthd,
   * with its message and no class name or trace (ADR 0146).
   */
  @Test
  void aNetworkStartUpFailureEndsTheDaemonWithItsMessage() throws Exception {
    Process p = Berthd.launch(dir, "--ipv6");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("berthd.log")))
        .contains("berthd: --ipv6 needs --fixed-cidr-v6 for the default bridge\n")
        .doesNotContain("Exception"); // one plain line, as every start-up refusal
  }

  @Test
  void debugLogLevelLogsEveryRequest() throws Exception {
    try (Berthd d = Berthd.start(dir, "--log-level", "debug")) {
      Cmd.berth(java.util.Map.of(), "-H", d.host(), "version");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.readString(d.log).contains("GET /v1.44/version 200")
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(Files.readString(d.log)).containsPattern("GET /v1.44/version 200 [0-9.]+ms");
    }
  }
}
