package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4, issue 14: rootless mode (ADR 0114). A throwaway user, prepared by
 * {@code scripts/setup-rootless.sh}, starts {@code bin/berthd-rootless} from the packaged
 * berthd; the docker CLI, run as that user, runs a container, publishes a port fetched from the
 * host's loopback, writes and reads a named volume, builds an image; after {@code rm} and the
 * daemon's stop nothing of the user is left: no process, no mount.
 */
class RootlessE2eTest {
  @TempDir static Path dir;
  static String user;
  static int uid;
  static int gid;
  static Path home;
  static Path run;
  static Path socket;
  static Process daemon;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    for (String bin : List.of("/usr/bin/newuidmap", "/usr/bin/newgidmap", "/usr/bin/slirp4netns",
        "/usr/bin/unshare", "/usr/bin/setpriv", "/usr/sbin/useradd")) {
      assumeTrue(Files.isExecutable(Path.of(bin)), bin + " is not installed (rootless mode needs "
          + "uidmap and slirp4netns: scripts/setup-rootless.sh)");
    }
    assumeTrue(Files.exists(Path.of("/dev/net/tun")), "no /dev/net/tun for slirp4netns");
    Path repo = Images.repoRoot();
    assumeTrue(Files.isRegularFile(repo.resolve("berthd/target/berthd-1.6.0.jar"))
        && Files.isDirectory(repo.resolve("berthd/target/lib")),
        "berthd is not packaged (berthd/target/berthd-1.6.0.jar and lib/)");

    Berthd.searchable(dir);
    user = "brl" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    home = dir.resolve("home");
    ok(root("/usr/sbin/useradd", "-M", "-U", "-d", home.toString(), "-s", "/bin/sh", user));
    uid = Integer.parseInt(ok(root("id", "-u", user)).out().trim());
    gid = Integer.parseInt(ok(root("id", "-g", user)).out().trim());
    ok(root(repo.resolve("scripts/setup-rootless.sh").toString(), user));
    run = dir.resolve("run");
    ok(root("install", "-d", "-m", "0700", "-o", user, "-g", user, home.toString(),
        run.toString()));
    // the user must run the JDK and read the checkout's packaged jars (not the test class
    // path under ~/.m2, which is root's alone)
    Cmd.Result version = asUser(List.of(repo.resolve("bin/berthd").toString(), "--version"));
    assumeTrue(version.code() == 0, user + " cannot run " + repo + "/bin/berthd (the JDK and "
        + "berthd/target must be readable by every user): " + version.all());

    socket = run.resolve("berth/berth.sock");
    daemon = new ProcessBuilder(asUserCommand(List.of(repo.resolve("bin/berthd-rootless")
        .toString())))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("berthd.log").toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (docker("version").code() != 0) {
      assertThat(daemon.isAlive()).as("berthd-rootless exited: " + log()).isTrue();
      assertThat(System.nanoTime()).as("berthd-rootless did not answer: " + log())
          .isLessThan(deadline);
      Thread.sleep(200);
    }
    Path busybox = Images.busybox(dir.resolve("busybox.tar"), "busybox:latest");
    ok(root("chmod", "0644", busybox.toString()));
    ok(docker("load", "-i", busybox.toString()));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (daemon != null && daemon.isAlive()) {
      daemon.destroy();
      daemon.waitFor(20, TimeUnit.SECONDS);
    }
    if (user != null) {
      for (long pid : processesOf(uid)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      Cmd.run(Map.of(), null, List.of("/usr/sbin/userdel", user));
      for (String f : List.of("/etc/subuid", "/etc/subgid")) {
        Path p = Path.of(f);
        List<String> kept = Files.readAllLines(p).stream()
            .filter(l -> !l.startsWith(user + ":")).toList();
        Files.write(p, kept);
      }
    }
    if (home != null) {
      // the data root holds files of the user's subordinate ids
      Cmd.run(Map.of(), null, List.of("rm", "-rf", home.toString(), run.toString()));
    }
  }

  @Test
  void runsPublishesStoresBuildsAndLeavesNothing() throws Exception {
    assertThat(ok(docker("info", "--format", "{{json .SecurityOptions}}")).out())
        .contains("name=rootless");
    assertThat(ok(docker("run", "--rm", "busybox", "echo", "hi")).out()).isEqualTo("hi\n");
    // the namespace has no host loopback resolver: slirp4netns's DNS forwarder instead
    assertThat(ok(docker("run", "--rm", "busybox", "cat", "/etc/resolv.conf")).out())
        .contains("nameserver 10.0.2.3");
    // no cgroups to write here (v1, nothing delegated): a limit is discarded as dockerd does
    Cmd.Result limited = ok(docker("run", "--rm", "-m", "32m", "busybox", "echo", "limited"));
    assertThat(limited.out()).isEqualTo("limited\n");
    assertThat(limited.err()).contains("memory limit capabilities or the cgroup is not mounted."
        + " Limitation discarded.");

    String id = ok(docker("run", "-d", "--name", "web", "-p", "127.0.0.1::80", "busybox",
        "httpd", "-f", "-p", "80", "-h", "/etc")).out().trim();
    String binding = ok(docker("port", "web", "80/tcp")).out().trim();
    assertThat(binding).startsWith("127.0.0.1:");
    int port = Integer.parseInt(binding.substring(binding.lastIndexOf(':') + 1));
    assertThat(fetch("http://127.0.0.1:" + port + "/hostname")).isEqualTo(id.substring(0, 12)
        + "\n");

    ok(docker("run", "--rm", "-v", "rlvol:/data", "busybox", "sh", "-c",
        "echo stored > /data/f"));
    assertThat(ok(docker("run", "--rm", "-v", "rlvol:/data", "busybox", "cat", "/data/f")).out())
        .isEqualTo("stored\n");
    // container root is the user itself on the host
    Path stored = home.resolve(".local/share/berth/volumes/rlvol/_data/f");
    assertThat(Files.getAttribute(stored, "unix:uid")).isEqualTo(uid);

    Path ctx = dir.resolve("ctx");
    Files.createDirectories(ctx);
    Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nRUN echo built > /built\n");
    ok(root("chmod", "-R", "a+rX", ctx.toString()));
    ok(dockerEnv(Map.of("DOCKER_BUILDKIT", "0"), "build", "-q", "-t", "rl-built",
        ctx.toString()));
    assertThat(ok(docker("run", "--rm", "rl-built", "cat", "/built")).out())
        .isEqualTo("built\n");

    ok(docker("rm", "-f", "web"));
    ok(docker("volume", "rm", "rlvol"));
    ok(docker("rmi", "rl-built"));
    assertThat(ok(docker("ps", "-aq")).out()).isEmpty();
    // only the daemon's own processes are left: the wrapper, unshare, its PID 1, berthd and
    // slirp4netns; no conmon, no container process
    List<String> left = commandsOf(uid);
    assertThat(left).as(left.toString()).hasSize(5)
        .noneMatch(c -> c.contains("conmon") || c.contains("httpd"));
    assertThat(processesInRange()).isEmpty();

    daemon.destroy();
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).as(log()).isTrue();
    assertThat(daemon.exitValue()).as(log()).isZero();
    assertThat(processesOf(uid)).as(commandsOf(uid).toString()).isEmpty();
    assertThat(processesInRange()).isEmpty();
    assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
        .noneMatch(l -> l.contains(dir.toString()));
    assertThat(socket).doesNotExist();
  }

  private static String fetch(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Exception last = null;
    for (int i = 0; i < 25; i++) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException e) {
        last = e; // httpd may not listen yet
        Thread.sleep(200);
      }
    }
    throw last;
  }

  /** Processes of {@code uid} (real uid), from /proc. */
  private static List<Long> processesOf(int uid) throws Exception {
    List<Long> out = new ArrayList<>();
    for (Map.Entry<Long, Integer> e : uids().entrySet()) {
      if (e.getValue() == uid) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** Processes of the user's subordinate ids (container users other than root). */
  private static List<Long> processesInRange() throws Exception {
    long[] range = subordinate();
    List<Long> out = new ArrayList<>();
    uids().forEach((pid, u) -> {
      if (u >= range[0] && u < range[0] + range[1]) {
        out.add(pid);
      }
    });
    return out;
  }

  private static long[] subordinate() throws Exception {
    for (String l : Files.readAllLines(Path.of("/etc/subuid"))) {
      String[] f = l.split(":");
      if (f.length == 3 && f[0].equals(user)) {
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
      }
    }
    throw new IllegalStateException("no subuid range for " + user);
  }

  private static List<String> commandsOf(int uid) throws Exception {
    List<String> out = new ArrayList<>();
    for (long pid : processesOf(uid)) {
      ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).ifPresent(out::add);
    }
    return out;
  }

  private static Map<Long, Integer> uids() throws Exception {
    Map<Long, Integer> out = new HashMap<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          for (String l : Files.readAllLines(p.resolve("status"))) {
            if (l.startsWith("Uid:")) {
              out.put(Long.parseLong(p.getFileName().toString()),
                  Integer.parseInt(l.split("\\s+")[1]));
            }
          }
        } catch (java.io.IOException e) {
          // gone
        }
      }
    }
    return out;
  }

  private static String log() {
    try {
      return Files.readString(dir.resolve("berthd.log"));
    } catch (java.io.IOException e) {
      return "(no log)";
    }
  }

  private static Cmd.Result ok(Cmd.Result r) {
    assertThat(r.code()).as(r.all()).isZero();
    return r;
  }

  private static Cmd.Result root(String... command) throws Exception {
    return Cmd.run(Map.of(), null, List.of(command));
  }

  private static Cmd.Result docker(String... args) throws Exception {
    return dockerEnv(Map.of(), args);
  }

  private static Cmd.Result dockerEnv(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("env"));
    env.forEach((k, v) -> cmd.add(k + "=" + v));
    cmd.addAll(List.of(Cmd.dockerBinary(), "-H", "unix://" + socket));
    cmd.addAll(List.of(args));
    return asUser(cmd);
  }

  private static Cmd.Result asUser(List<String> command) throws Exception {
    return Cmd.run(Map.of(), null, asUserCommand(command));
  }

  /** {@code command} as the throwaway user, with a login's environment and nothing else. */
  private static List<String> asUserCommand(List<String> command) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + uid,
        "--regid=" + gid, "--init-groups", "--reset-env", "/usr/bin/env",
        "HOME=" + home, "USER=" + user, "LOGNAME=" + user, "XDG_RUNTIME_DIR=" + run,
        "PATH=/usr/local/bin:/usr/bin:/bin"));
    cmd.addAll(command);
    return cmd;
  }
}
