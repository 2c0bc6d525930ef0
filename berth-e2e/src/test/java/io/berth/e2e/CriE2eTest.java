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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod through the CRI (ADR 0121), driven by crictl as kubelet's users drive a runtime:
 * a sandbox on its own CNI bridge, a container from a local image serving HTTP, exec, logs,
 * stop and remove, and then nothing of the pod is left: no network namespace, mount, cgroup,
 * veth or CNI address.
 */
class CriE2eTest {
  @TempDir
  Path dir;

  /** {@code BERTH_CRICTL}, scripts/deps.sh's /usr/local/bin/crictl, or the shared build. */
  static Path crictl() {
    for (String p : new String[] {System.getenv("BERTH_CRICTL"), "/usr/local/bin/crictl",
        "/usr/bin/crictl", "/work/shared/cri/bin/crictl", "/tmp/cri-build/bin/crictl"}) {
      if (p != null && !p.isEmpty() && Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    return null;
  }

  @Test
  void podThroughCrictl() throws Exception {
    Prerequisites.assumeNetworking();
    Path crictl = crictl();
    assumeTrue(crictl != null, "crictl is not installed (scripts/deps.sh builds it)");
    for (String plugin : List.of("bridge", "host-local", "portmap")) {
      assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni", plugin)),
          "containernetworking-plugins is not installed (no /usr/lib/cni/" + plugin + ")");
    }
    int h = dir.toString().hashCode() & 0x7fffffff;
    String bridge = String.format("bcri%06x", h & 0xffffff);
    String subnet = "10." + (150 + h % 40) + "." + ((h >>> 8) & 255) + ".0/24";
    assumeTrue(!run("ip", "route").out().contains(subnet.replace(".0/24", ".")),
        "the test subnet " + subnet + " is routed here already");
    Path conf = Files.createDirectories(dir.resolve("net.d"));
    Path ipam = dir.resolve("ipam");
    Files.writeString(conf.resolve("10-test.conflist"), """
        {"cniVersion":"0.4.0","name":"berth-e2e-cri","plugins":[
         {"type":"bridge","bridge":"%s","isGateway":true,"ipMasq":false,
          "ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"%s"}]]}},
         {"type":"portmap","capabilities":{"portMappings":true}}]}
        """.formatted(bridge, ipam, subnet));
    Path sock = dir.resolve("cri.sock");
    String[] flags = {"--cri-socket", sock.toString(), "--cni-conf-dir", conf.toString()};
    List<String> c = List.of(crictl.toString(), "-r", "unix://" + sock, "-i",
        "unix://" + sock, "-t", "60s");
    Berthd d = Berthd.start(dir, flags);
    try {
      Images.loadBusybox(d, dir);
      Path logs = dir.resolve("pod-logs");
      Path pod = dir.resolve("pod.json");
      Files.writeString(pod, """
          {"metadata":{"name":"web","namespace":"e2e","uid":"uid-web","attempt":0},
           "hostname":"webpod","log_directory":"%s","linux":{}}
          """.formatted(logs));
      // two servers: one on every address (8080), one on the pod's localhost only (8081)
      Path ctr = dir.resolve("ctr.json");
      Files.writeString(ctr, """
          {"metadata":{"name":"httpd"},"image":{"image":"busybox:latest"},
           "command":["sh","-c","mkdir -p /www && echo cri-ok > /www/index.html && httpd -p 127.0.0.1:8081 -h /www && echo started && exec httpd -f -p 8080 -h /www"],
           "log_path":"httpd.log","linux":{}}
          """);
      try {
        String[] ids = runPod(c, d, pod, ctr, subnet);
        // live restore: the pod runs on through a restart of berthd, and the CRI state with it
        d.close();
        d = Berthd.start(dir, flags);
        afterRestart(c, d, ids[0], ids[1], logs, bridge, ipam);
      } finally {
        // a failed assertion must not leave a pod running behind the stopped daemon (its
        // containers outlive berthd, as live restore wants): remove every pod first
        Cmd.run(Map.of(), null, concat(c, "rmp", "--all", "--force"));
      }
    } finally {
      d.close();
      run("ip", "link", "del", bridge);
    }
  }

  /** Runs the pod and checks it through crictl; returns the pod's and the container's ids. */
  private String[] runPod(List<String> c, Berthd d, Path pod, Path ctr, String subnet)
      throws Exception {
    String podId = ok(c, "runp", pod.toString()).strip();
    String ctrId = ok(c, "create", podId, ctr.toString(), pod.toString()).strip();
    ok(c, "start", ctrId);
    assertThat(ok(c, "pods", "-q")).contains(podId);
    assertThat(ok(c, "ps", "-q")).contains(ctrId);
    // the Docker API does not list the pod's containers (ADR 0121), nor prunes them
    Cmd.Result ps = Cmd.docker(d, "ps", "-a", "-q", "--no-trunc");
    assertThat(ps.code()).isZero();
    assertThat(ps.out()).doesNotContain(podId).doesNotContain(ctrId);
    // and the CRI does not list a Docker API container
    Cmd.Result docker = Cmd.docker(d, "run", "-d", "--name", "docker-side", "busybox",
        "sleep", "600");
    assertThat(docker.code()).as(docker.all()).isZero();
    assertThat(ok(c, "ps", "-a", "-q")).doesNotContain(docker.out().strip().substring(0, 12));

    // crictl prints the output, then a line break of its own
    assertThat(ok(c, "exec", "-s", ctrId, "cat", "/www/index.html").strip()).isEqualTo("cri-ok");
    assertThat(ok(c, "exec", "-s", ctrId, "hostname").strip()).isEqualTo("webpod");
    String ip = ok(c, "inspectp", "-o", "go-template", "--template",
        "{{.status.network.ip}}", podId).strip();
    assertThat(ip).startsWith(subnet.substring(0, subnet.lastIndexOf('.') + 1));
    assertThat(get("http://" + ip + ":8080/")).isEqualTo("cri-ok\n");
    // Exec through the streaming server (SPDY/3.1, ADR 0127): output, and the exit code
    assertThat(ok(c, "exec", ctrId, "cat", "/www/index.html").strip()).isEqualTo("cri-ok");
    Cmd.Result failed = Cmd.run(Map.of(), null, concat(c, "exec", ctrId, "sh", "-c",
        "echo out; exit 3"));
    // crictl 1.29 exits 1 and names the code that came in the error stream's Status
    assertThat(failed.code()).isNotZero();
    assertThat(failed.err()).contains("command terminated with exit code 3");
    assertThat(failed.out().strip()).isEqualTo("out");
    // a terminal: the client's size reaches the process (the resize stream; it comes as the
    // process starts, hence the loop); script(1) gives crictl a terminal of 33 rows, 111 columns
    String loop = "i=0; while [ $i -lt 100 ]; do s=$(stty size); [ \"$s\" = \"33 111\" ] && break;"
        + " sleep 0.1; i=$((i+1)); done; echo size $s";
    Cmd.Result tty = run("script", "-qec", "stty rows 33 cols 111; " + String.join(" ", c)
        + " exec -it " + ctrId + " sh -c '" + loop + "'", "/dev/null");
    assertThat(tty.out()).as(tty.all()).contains("size 33 111");
    // port-forward into the pod, through a local port crictl listens on: to a server on every
    // address, and to one on the pod's localhost, which only a dial inside the pod's network
    // namespace reaches (the host reaches the pod's IP, not its loopback)
    assertThat(reachable(ip, 8080)).isTrue();
    assertThat(reachable(ip, 8081)).as("a server on the pod's 127.0.0.1 from the host").isFalse();
    portForward(c, podId, 8080);
    portForward(c, podId, 8081);
    return new String[] {podId, ctrId};
  }

  private void afterRestart(List<String> c, Berthd d, String podId, String ctrId, Path logs,
      String bridge, Path ipam) throws Exception {
    assertThat(ok(c, "inspectp", "-o", "go-template", "--template", "{{.status.state}}", podId))
        .contains("SANDBOX_READY");
    assertThat(ok(c, "inspect", "-o", "go-template", "--template", "{{.status.state}}",
        ctrId)).contains("CONTAINER_RUNNING");
    assertThat(ok(c, "ps", "-q", "--pod", podId)).contains(ctrId);
    assertThat(ok(c, "exec", ctrId, "cat", "/www/index.html").strip()).isEqualTo("cri-ok");
    portForward(c, podId, 8081);
    awaitLog(c, ctrId, "started");
    // the CRI's log format, conmon's k8s-file: "<RFC 3339> stdout F started"
    assertThat(Files.readString(logs.resolve("httpd.log")))
        .containsPattern("(?m)^\\S+ stdout F started$");

    ok(c, "stop", ctrId);
    assertThat(ok(c, "inspect", "-o", "go-template", "--template", "{{.status.state}}",
        ctrId)).contains("CONTAINER_EXITED");
    ok(c, "stopp", podId);
    ok(c, "rmp", podId);
    assertThat(ok(c, "pods", "-q")).doesNotContain(podId);
    assertThat(ok(c, "ps", "-a", "-q")).doesNotContain(ctrId);
    // the Docker API container ran on through it all
    assertThat(Cmd.docker(d, "inspect", "-f", "{{.State.Running}}", "docker-side").out())
        .contains("true");
    assertThat(Cmd.docker(d, "rm", "-f", "docker-side").code()).isZero();

    // nothing of the pod is left behind
    assertThat(list(d.execRoot.resolve("netns"))).isEmpty();
    assertThat(MountTable.once(Path.of("/proc/self/mountinfo"), dir + "/exec/"))
        .doesNotContain(dir + "/exec/").doesNotContain(podId).doesNotContain(ctrId);
    assertThat(run("ip", "-o", "link", "show", "master", bridge).out()).isBlank();
    try (Stream<Path> s = Files.walk(Path.of("/sys/fs/cgroup"), 4)) {
      assertThat(s.map(Path::toString).filter(p -> p.contains(podId) || p.contains(ctrId))
          .toList()).isEmpty();
    }
    assertThat(list(ipam.resolve("berth-e2e-cri")).stream()
        .filter(n -> !n.equals("lock") && !n.startsWith("last_reserved_ip")).toList())
        .as("host-local addresses still allocated").isEmpty();
  }

  /** {@code crictl port-forward} of the pod's {@code port} answers GETs, twice. */
  private void portForward(List<String> c, String podId, int port) throws Exception {
    int local;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      local = free.getLocalPort();
    }
    Process forward = new ProcessBuilder(concat(c, "port-forward", podId, local + ":" + port))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("port-forward-" + port + ".out").toFile()).start();
    try {
      assertThat(get("http://127.0.0.1:" + local + "/")).as("port %d", port)
          .isEqualTo("cri-ok\n");
      assertThat(get("http://127.0.0.1:" + local + "/")).as("a second connection to %d", port)
          .isEqualTo("cri-ok\n");
    } finally {
      forward.destroy();
      forward.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static boolean reachable(String ip, int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress(ip, port), 2000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static List<String> concat(List<String> base, String... args) {
    List<String> cmd = new ArrayList<>(base);
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static void awaitLog(List<String> c, String id, String text) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String out = "";
    while (System.nanoTime() < end) {
      out = ok(c, "logs", id);
      if (out.contains(text)) {
        return;
      }
      Thread.sleep(200);
    }
    assertThat(out).contains(text);
  }

  private static String get(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Exception last = null;
    for (int i = 0; i < 50; i++) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw last;
  }

  private static List<String> list(Path d) throws Exception {
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static String ok(List<String> base, String... args) throws Exception {
    List<String> cmd = concat(base, args);
    Cmd.Result r = Cmd.run(Map.of(), null, cmd);
    assertThat(r.code()).as("%s: %s", cmd, r.all()).isZero();
    return r.out();
  }

  private static Cmd.Result run(String... cmd) throws Exception {
    return Cmd.run(Map.of(), null, List.of(cmd));
  }
}
