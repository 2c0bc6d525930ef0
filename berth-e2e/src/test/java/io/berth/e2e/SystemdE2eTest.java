package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.sys.UnixDatagram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: berthd started the way systemd starts it (ADR 0126), by Debian's
 * {@code systemd-socket-activate}: the API socket bound by the parent and passed as fd 3 with
 * {@code LISTEN_PID}/{@code LISTEN_FDS}/{@code LISTEN_FDNAMES}, and a {@code NOTIFY_SOCKET}
 * that hears {@code READY=1} and {@code STOPPING=1}. No systemd as PID 1 is needed.
 */
class SystemdE2eTest {
  private static final Path ACTIVATE = Path.of("/usr/bin/systemd-socket-activate");

  @TempDir Path dir;

  @Test
  void servesThePassedSocketAndTellsSystemdWhenReadyAndStopping() throws Exception {
    Prerequisites.assumeContainers();
    assumeTrue(Files.isExecutable(ACTIVATE), ACTIVATE + " is not installed (Debian's systemd)");
    Path d = Berthd.searchable(Files.createDirectories(dir.resolve("d")));
    Path api = d.resolve("activated.sock");
    Path notify = d.resolve("notify.sock");
    try (UnixDatagram listener = UnixDatagram.bound(notify.toString())) {
      Process p = Berthd.launchUnder(List.of(ACTIVATE.toString(), "-l", api.toString(),
          "--fdname=berthd.socket", "-E", "NOTIFY_SOCKET=" + notify), d,
          "-H", "fd://berthd.socket");
      try {
        CompletableFuture<String> ready = receive(listener);
        awaitFile(api);
        // the first connection makes systemd-socket-activate exec berthd, which answers it
        Cmd.Result version = Cmd.run(java.util.Map.of(), null, List.of(Cmd.dockerBinary(),
            "-H", "unix://" + api, "version", "--format", "{{.Server.Os}}"));
        assertThat(version.code()).as(version.all() + log(d)).isZero();
        assertThat(version.out().strip()).isEqualTo("linux");
        assertThat(ready.get(30, TimeUnit.SECONDS)).isEqualTo("READY=1\nMAINPID=" + p.pid());
        assertThat(log(d)).contains("API listen on unix://" + api);

        CompletableFuture<String> stopping = receive(listener);
        p.destroy();
        assertThat(stopping.get(30, TimeUnit.SECONDS)).isEqualTo("STOPPING=1");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(api).as("the socket file is systemd's, left in place").exists();
      } finally {
        p.destroyForcibly().waitFor();
        TestNet.of(d).cleanUpIfIdle(d.resolve("root"), d.resolve("exec"));
      }
    }
  }

  private static CompletableFuture<String> receive(UnixDatagram socket) {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t = new Thread(() -> f.complete(socket.receive()), "notify-receiver");
    t.setDaemon(true);
    t.start();
    return f;
  }

  private static void awaitFile(Path p) throws InterruptedException {
    for (int i = 0; i < 500 && !Files.exists(p); i++) {
      Thread.sleep(10);
    }
    assertThat(p).exists();
  }

  private static String log(Path d) throws java.io.IOException {
    Path log = d.resolve("berthd.log");
    return Files.exists(log) ? "\n" + Files.readString(log) : "";
  }
}
