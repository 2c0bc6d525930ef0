package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4, the Networking issue: published ports by DNAT on loopback, user networks with
 * embedded DNS, docker-compose v1 reaching a service by name. Each daemon has its own bridge,
 * subnet and nftables table ({@link TestNet}); traffic goes only to loopback and to the
 * test's own bridges and namespaces.
 */
class NetworkE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeNetworking();
    daemon = Berthd.start(dir.resolve("d"));
    Images.loadBusybox(daemon, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      Cmd.Result ids = docker("ps", "-aq");
      for (String id : ids.out().split("\\s+")) {
        if (!id.isBlank()) {
          docker("rm", "-f", id);
        }
      }
      docker("network", "prune", "-f");
      daemon.close();
    }
  }

  private static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  /** httpd serving one page, the text given, on port 80. */
  private static List<String> httpd(String page) {
    return List.of("sh", "-c", "mkdir -p /www && echo " + page
        + " > /www/index.html && exec httpd -f -p 80 -h /www");
  }

  @Test
  void publishedPortServesOnLoopbackWithoutAProxy() throws Exception {
    int port = freePort();
    Cmd.Result run = docker(concat(List.of("run", "-d", "--name", "pub", "-p", port + ":80",
        "-p", "127.0.0.1::80", "busybox"), httpd("hello-berth")));
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(get("http://127.0.0.1:" + port + "/")).isEqualTo("hello-berth\n");
    String gateway = docker("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}",
        "bridge").out().strip();
    assertThat(get("http://" + gateway + ":" + port + "/")).isEqualTo("hello-berth\n");

    Cmd.Result ports = docker("port", "pub");
    assertThat(ports.out()).contains("80/tcp -> 0.0.0.0:" + port);
    String random = docker("inspect", "-f",
        "{{(index (index .NetworkSettings.Ports \"80/tcp\") 1).HostPort}}", "pub").out().strip();
    assertThat(ports.out()).contains("80/tcp -> 127.0.0.1:" + random);
    assertThat(get("http://127.0.0.1:" + random + "/")).isEqualTo("hello-berth\n");
    assertThat(docker("inspect", "-f", "{{.NetworkSettings.IPAddress}} {{.NetworkSettings.Networks.bridge.Gateway}}",
        "pub").out()).matches("10\\.\\d+\\.\\d+\\.\\d+ " + gateway.replace(".", "\\.") + "\n");
    assertThat(docker("ps", "--filter", "name=pub", "--format", "{{.Ports}}").out())
        .contains("0.0.0.0:" + port + "->80/tcp");
    assertThat(nftTable()).contains("dport " + port + " dnat to");

    assertThat(docker("rm", "-f", "pub").code()).isZero();
    assertThat(nftTable()).doesNotContain("dport " + port + " dnat to");
    assertThat(Files.list(daemon.execRoot.resolve("netns")).toList()).isEmpty();
  }

  @Test
  void containersOnAUserNetworkResolveEachOtherByNameAndAlias() throws Exception {
    assertThat(docker("network", "create", "--label", "t=1", "app").code()).isZero();
    assertThat(docker("network", "ls", "--filter", "label=t=1", "--format", "{{.Name}}").out())
        .isEqualTo("app\n");
    Cmd.Result web = docker(concat(List.of("run", "-d", "--name", "web", "--network", "app",
        "--network-alias", "www", "busybox"), httpd("from-web")));
    assertThat(web.code()).as(web.all()).isZero();
    Cmd.Result byName = docker("run", "--rm", "--network", "app", "busybox", "sh", "-c",
        "timeout 5 wget -qO- http://web/ && timeout 5 wget -qO- http://www/"
            + " && grep -c \"$(hostname)\" /etc/hosts");
    assertThat(byName.code()).as(byName.all()).isZero();
    assertThat(byName.out()).isEqualTo("from-web\nfrom-web\n1\n");
    Cmd.Result inUse = docker("network", "rm", "app");
    assertThat(inUse.code()).isNotZero();
    assertThat(inUse.err()).contains("has active endpoints");
    assertThat(docker("network", "inspect", "-f", "{{range .Containers}}{{.Name}}{{end}}", "app")
        .out()).isEqualTo("web\n");
    assertThat(docker("rm", "-f", "web").code()).isZero();
    Cmd.Result rm = docker("network", "rm", "app");
    assertThat(rm.code()).as(rm.all()).isZero();
    assertThat(docker("network", "inspect", "app").err()).contains("network app not found");
  }

  @Test
  void noneHasOnlyLoopbackAndHostSeesTheHostsInterfaces() throws Exception {
    Cmd.Result none = docker("run", "--rm", "--network", "none", "busybox", "ls",
        "/sys/class/net");
    assertThat(none.out()).isEqualTo("lo\n");
    Cmd.Result host = docker("run", "--rm", "--network", "host", "busybox", "ls",
        "/sys/class/net");
    if (Berthd.remapped()) { // as dockerd: a user namespace cannot share the host's network
      assertThat(host.err()).contains("cannot share the host's network namespace");
      return;
    }
    assertThat(host.out()).contains(TestNet.of(dir.resolve("d")).bridge());
  }

  @Test
  void composeClientReachesTheWebServiceByName() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")),
        "docker-compose is not installed");
    Path project = dir.resolve("compose");
    Files.createDirectories(project);
    Files.writeString(project.resolve("docker-compose.yml"), """
        version: "3"
        services:
          web:
            image: busybox:latest
            command: ["sh", "-c", "mkdir -p /www && echo composed > /www/index.html && exec httpd -f -p 80 -h /www"]
          client:
            image: busybox:latest
            command: ["sh", "-c", "for i in $$(seq 50); do timeout 5 wget -qO- http://web/ && exit 0; sleep 0.2; done; exit 1"]
            depends_on: [web]
        """);
    Map<String, String> env = Map.of("DOCKER_HOST", daemon.host());
    Cmd.Result up = Cmd.run(env, null, List.of("/usr/bin/docker-compose", "--project-directory",
        project.toString(), "-f", project.resolve("docker-compose.yml").toString(), "-p", "cp",
        "up", "-d"));
    assertThat(up.code()).as(up.all()).isZero();
    Cmd.Result wait = docker("wait", "cp_client_1");
    assertThat(wait.out()).as(docker("logs", "cp_client_1").all()).isEqualTo("0\n");
    assertThat(docker("logs", "cp_client_1").out()).isEqualTo("composed\n");
    Cmd.Result down = Cmd.run(env, null, List.of("/usr/bin/docker-compose",
        "--project-directory", project.toString(), "-f",
        project.resolve("docker-compose.yml").toString(), "-p", "cp", "down"));
    assertThat(down.code()).as(down.all()).isZero();
    assertThat(docker("ps", "-aq", "--filter", "name=cp_").out()).isEmpty();
    assertThat(docker("network", "ls", "--format", "{{.Name}}").out()).doesNotContain("cp_default");
  }

  @Test
  void berthCliManagesNetworksAndShowsPorts() throws Exception {
    Map<String, String> env = Map.of("DOCKER_HOST", daemon.host());
    Cmd.Result create = Cmd.berth(env, "network", "create", "--subnet", "10.251.77.0/24",
        "--gateway", "10.251.77.1", "--internal", "--label", "k=v", "clinet");
    assertThat(create.code()).as(create.all()).isZero();
    assertThat(Cmd.berth(env, "network", "ls", "--format", "{{.Name}} {{.Driver}}").out())
        .contains("clinet bridge\n");
    assertThat(docker("network", "inspect", "-f", "{{.Internal}} {{(index .IPAM.Config 0).Subnet}}",
        "clinet").out()).isEqualTo("true 10.251.77.0/24\n");
    Cmd.Result run = Cmd.berth(env, "run", "-d", "--name", "cli-c", "--network", "clinet",
        "--ip", "10.251.77.9", "--network-alias", "svc", "busybox", "sleep", "60");
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(docker("inspect", "-f",
        "{{.NetworkSettings.Networks.clinet.IPAddress}} {{.NetworkSettings.Networks.clinet.Aliases}}",
        "cli-c").out()).isEqualTo("10.251.77.9 [svc]\n");
    Cmd.Result lookup = docker("exec", "cli-c", "nslookup", "svc");
    assertThat(lookup.out()).as(lookup.all()).contains("10.251.77.9");
    assertThat(docker("rm", "-f", "cli-c").code()).isZero();

    int port = freePort();
    assertThat(Cmd.berth(env, "run", "-d", "--name", "cli-p", "-p", port + ":80/tcp", "busybox",
        "sleep", "60").code()).isZero();
    assertThat(Cmd.berth(env, "port", "cli-p").out()).isEqualTo("80/tcp -> 0.0.0.0:" + port
        + "\n");
    assertThat(Cmd.berth(env, "port", "cli-p", "80").out()).isEqualTo("0.0.0.0:" + port + "\n");
    assertThat(docker("rm", "-f", "cli-p").code()).isZero();
    Cmd.Result rm = Cmd.berth(env, "network", "rm", "clinet");
    assertThat(rm.code()).as(rm.all()).isZero();
  }

  /** Cycles of run/rm and a start that fails leave no veth, namespace, rule or address. */
  @Test
  void createRemoveCyclesAndFailedStartsLeaveNothing() throws Exception {
    int busy = freePort();
    try (ServerSocket taken = new ServerSocket(busy)) {
      Cmd.Result fail = docker("run", "-d", "--name", "fails", "-p", busy + ":80", "busybox",
          "sleep", "60");
      assertThat(fail.code()).as(fail.all()).isNotZero();
      assertThat(fail.err()).contains("port is already allocated");
      assertThat(docker("rm", "-f", "fails").code()).isZero();
    }
    for (int i = 0; i < 10; i++) {
      Cmd.Result r = docker("run", "--rm", "-p", "80", "busybox", "true");
      assertThat(r.code()).as(r.all()).isZero();
    }
    assertThat(Files.list(daemon.execRoot.resolve("netns")).toList()).isEmpty();
    assertThat(nftTable()).doesNotContain("dnat to");
    String bridge = TestNet.of(dir.resolve("d")).bridge();
    assertThat(Cmd.run(Map.of(), null, List.of("ip", "-o", "link", "show", "master", bridge))
        .out()).isEmpty();
    assertThat(Files.list(daemon.root.resolve("network/containers")).toList()).isEmpty();
  }

  @Test
  void connectDisconnectAndContainerModeShareTheNamespace() throws Exception {
    assertThat(docker("network", "create", "side").code()).isZero();
    Cmd.Result web = docker(concat(List.of("run", "-d", "--name", "hub", "busybox"),
        httpd("from-hub")));
    assertThat(web.code()).as(web.all()).isZero();
    Cmd.Result shared = docker("run", "--rm", "--network", "container:hub", "busybox",
        "timeout", "5", "wget", "-qO-", "http://127.0.0.1/");
    assertThat(shared.out()).as(shared.all()).isEqualTo("from-hub\n");

    Cmd.Result connect = docker("network", "connect", "--alias", "hubby", "side", "hub");
    assertThat(connect.code()).as(connect.all()).isZero();
    assertThat(docker("exec", "hub", "ls", "/sys/class/net").out()).isEqualTo("eth0\neth1\nlo\n");
    Cmd.Result viaSide = docker("run", "--rm", "--network", "side", "busybox", "sh", "-c",
        "timeout 5 wget -qO- http://hub/ && timeout 5 wget -qO- http://hubby/");
    assertThat(viaSide.out()).as(viaSide.all()).isEqualTo("from-hub\nfrom-hub\n");
    Cmd.Result disconnect = docker("network", "disconnect", "side", "hub");
    assertThat(disconnect.code()).as(disconnect.all()).isZero();
    assertThat(docker("exec", "hub", "ls", "/sys/class/net").out()).isEqualTo("eth0\nlo\n");
    assertThat(docker("rm", "-f", "hub").code()).isZero();
    assertThat(docker("network", "rm", "side").code()).isZero();
  }

  /**
   * A restarted berthd adopts a running container's namespace and published port, and puts
   * back the nftables table that a firewall reload flushed while it was down.
   */
  @Test
  void restartedDaemonAdoptsTheNetworkAndRepairsAFlushedTable() throws Exception {
    Path d = dir.resolve("restart");
    TestNet net = TestNet.of(d);
    int port = freePort();
    Berthd first = Berthd.start(d);
    Berthd second = null;
    try {
      Path tar = Images.busybox(dir.resolve("busybox2.tar"), "busybox:latest");
      assertThat(Cmd.docker(first, "load", "-i", tar.toString()).code()).isZero();
      Cmd.Result run = Cmd.docker(first, concat(List.of("run", "-d", "--name", "kept", "-p",
          port + ":80", "busybox"), httpd("still-here")));
      assertThat(run.code()).as(run.all()).isZero();
      assertThat(get("http://127.0.0.1:" + port + "/")).isEqualTo("still-here\n");
      first.close();
      assertThat(Cmd.run(Map.of(), null, List.of("nft", "flush", "table", "ip", net.table()))
          .code()).isZero();
      second = Berthd.start(d);
      assertThat(get("http://127.0.0.1:" + port + "/")).isEqualTo("still-here\n");
      assertThat(Cmd.docker(second, "port", "kept").out()).isEqualTo("80/tcp -> 0.0.0.0:"
          + port + "\n");
      assertThat(Cmd.docker(second, "rm", "-f", "kept").code()).isZero();
      assertThat(Files.list(second.execRoot.resolve("netns")).toList()).isEmpty();
    } finally {
      if (second != null) {
        Cmd.docker(second, "rm", "-f", "kept");
        second.close();
      } else {
        first.close();
      }
    }
  }

  private static String nftTable() throws Exception {
    return Cmd.run(Map.of(), null, List.of("nft", "list", "table", "ip",
        TestNet.of(dir.resolve("d")).table())).out();
  }

  private static String get(String url) throws Exception {
    try (HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
      for (int i = 0; ; i++) {
        try {
          return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
              .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
          if (i >= 20) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String[] concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
  }
}
