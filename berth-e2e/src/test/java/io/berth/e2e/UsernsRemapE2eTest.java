package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4, issue 14: {@code berthd --userns-remap default}. Container root is the first id of
 * the {@code berth-remap} user's subordinate range on the host; what it makes in a volume or
 * what {@code docker cp} puts there belongs to that id; the modes a user namespace cannot have
 * are refused as dockerd refuses them; nothing is left after {@code rm}.
 */
class UsernsRemapE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;
  static long start;

  @BeforeAll
  static void startDaemon() throws Exception {
    Prerequisites.assumeContainers();
    daemon = Berthd.start(Berthd.searchable(dir).resolve("d"), "--userns-remap", "default");
    start = subordinateStart();
    Images.loadBusybox(daemon, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  private static Cmd.Result ok(String... args) throws Exception {
    Cmd.Result r = docker(args);
    assertThat(r.code()).as(String.join(" ", args) + ": " + r.all()).isZero();
    return r;
  }

  private static long subordinateStart() throws Exception {
    for (String line : Files.readAllLines(Path.of("/etc/subuid"))) {
      String[] f = line.split(":");
      if (f[0].equals("berth-remap")) {
        return Long.parseLong(f[1]);
      }
    }
    throw new AssertionError("berthd made no berth-remap range in /etc/subuid");
  }

  @Test
  void containerRootIsASubordinateIdOnTheHostAndOwnsWhatItMakes() throws Exception {
    ok("run", "-d", "--name", "remapped", "-v", "remapvol:/data", "busybox", "sh", "-c",
        "touch /data/made && exec sleep 60");
    try {
      String pid = ok("inspect", "-f", "{{.State.Pid}}", "remapped").out().strip();
      String status = Files.readString(Path.of("/proc/" + pid + "/status"));
      assertThat(status).containsPattern("(?m)^Uid:\\s+" + start + "\\s+" + start + "\\s+"
          + start + "\\s+" + start + "$");
      assertThat(ok("exec", "remapped", "id", "-u").out().strip()).isEqualTo("0");
      assertThat(ok("exec", "-u", "1000", "remapped", "id", "-u").out().strip())
          .isEqualTo("1000");
      Path data = Path.of(ok("volume", "inspect", "-f", "{{.Mountpoint}}", "remapvol").out()
          .strip());
      assertThat(data.toString()).contains("/" + start + "." + start + "/");
      assertThat(Files.getAttribute(data.resolve("made"), "unix:uid")).isEqualTo((int) start);

      Path in = Files.writeString(dir.resolve("in.txt"), "copied");
      ok("cp", in.toString(), "remapped:/data/");
      assertThat(Files.getAttribute(data.resolve("in.txt"), "unix:uid")).isEqualTo((int) start);
      assertThat(ok("exec", "remapped", "stat", "-c", "%u %U", "/data/in.txt").out().strip())
          .isEqualTo("0 root");
    } finally {
      ok("rm", "-f", "remapped");
    }
    assertThat(MountTable.once(Path.of("/proc/self/mounts"), dir.toString()))
        .doesNotContain(dir.toString());
    try (Stream<Path> netns = Files.list(daemon.execRoot.resolve("netns"))) {
      assertThat(netns.toList()).isEmpty();
    }
  }

  @Test
  void aPublishedPortAnswersFromTheContainersOwnNetworkNamespace() throws Exception {
    ok("run", "-d", "--name", "served", "-p", "127.0.0.1::80", "busybox", "sh", "-c",
        "mkdir -p /www && echo remapped > /www/index.html && exec httpd -f -p 80 -h /www");
    try {
      String port = ok("inspect", "-f",
          "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}", "served").out()
          .strip();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String body = null;
      for (int i = 0; i < 50 && body == null; i++) {
        try {
          body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException notYet) {
          Thread.sleep(100); // httpd is still starting
        }
      }
      assertThat(body).isEqualTo("remapped\n");
    } finally {
      ok("rm", "-f", "served");
    }
  }

  @Test
  void theHostsNamespacesAreRefusedUnlessTheContainerOptsOut() throws Exception {
    assertThat(ok("info", "-f", "{{json .SecurityOptions}}").out()).contains("name=userns");
    Cmd.Result privileged = docker("run", "--rm", "--privileged", "busybox", "true");
    assertThat(privileged.code()).isNotZero();
    assertThat(privileged.err()).contains("privileged mode is incompatible with user namespaces");
    Cmd.Result hostNet = docker("run", "--rm", "--network", "host", "busybox", "true");
    assertThat(hostNet.err())
        .contains("cannot share the host's network namespace when user namespaces are enabled");
    ok("run", "-d", "--name", "opted-out", "--userns", "host", "busybox", "sleep", "60");
    try {
      String pid = ok("inspect", "-f", "{{.State.Pid}}", "opted-out").out().strip();
      assertThat(Files.readString(Path.of("/proc/" + pid + "/status")))
          .containsPattern("(?m)^Uid:\\s+0\\s+0\\s+0\\s+0$");
    } finally {
      ok("rm", "-f", "opted-out");
    }
    assertThat(List.of(docker("ps", "-aq").out().strip())).containsExactly("");
  }
}
