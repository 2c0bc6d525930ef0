package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.berth.image.registry.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The Testcontainers 2 and docker-java 3.7 scenarios of {@link TestcontainersE2eTest}, run in a
 * JVM of their own against the daemon in {@code DOCKER_HOST} (Testcontainers takes it from the
 * environment, once per JVM). Ryuk is off there ({@code TESTCONTAINERS_RYUK_DISABLED}): its image
 * is on Docker Hub, out of reach of the test machines; each scenario closes what it made and
 * checks that it is gone. Not named {@code *Test}: surefire runs it only through that class.
 */
class JavaClientScenarios {
  private static final DockerImageName BUSYBOX = DockerImageName.parse("busybox:latest");

  @TempDir static Path dir;
  static TestRegistry registry;
  static DockerClient docker;

  @BeforeAll
  static void start() throws Exception {
    String host = System.getenv("DOCKER_HOST");
    assumeTrue(host != null && !host.isEmpty(), "DOCKER_HOST names no daemon");
    docker = JavaClients.docker(host);
    try (InputStream tar = Files.newInputStream(
        Images.busybox(dir.resolve("busybox.tar"), "busybox:latest"))) {
      docker.loadImageCmd(tar).exec();
    }
    registry = TestRegistry.start(dir.resolve("registry"));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {docker, registry}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static GenericContainer<?> busybox(String script) {
    return new GenericContainer<>(BUSYBOX).withCommand("sh", "-c", script);
  }

  @Test
  void logWaitExecWithExitCodesAndCopyBothWays() throws Exception {
    String id;
    try (GenericContainer<?> c = busybox("echo booting; sleep 1; echo ready now; exec sleep 300")
        .waitingFor(Wait.forLogMessage(".*ready now.*", 1))) {
      c.start();
      id = c.getContainerId();
      assertThat(c.getLogs()).contains("booting", "ready now");

      ExecResult r = c.execInContainer("sh", "-c", "echo out; echo err >&2; exit 3");
      assertThat(r.getExitCode()).isEqualTo(3);
      assertThat(r.getStdout()).isEqualTo("out\n");
      assertThat(r.getStderr()).isEqualTo("err\n");
      assertThat(c.execInContainer("true").getExitCode()).isZero();

      c.copyFileToContainer(Transferable.of("copied in\n"), "/tmp/in.txt");
      assertThat(c.execInContainer("cat", "/tmp/in.txt").getStdout()).isEqualTo("copied in\n");
      Path local = Files.writeString(dir.resolve("local.txt"), "from a file\n");
      c.copyFileToContainer(MountableFile.forHostPath(local), "/opt/deep/file.txt");
      assertThat(c.execInContainer("cat", "/opt/deep/file.txt").getStdout())
          .isEqualTo("from a file\n");

      c.execInContainer("sh", "-c", "echo made inside > /tmp/out.txt");
      Path out = dir.resolve("out.txt");
      c.copyFileFromContainer("/tmp/out.txt", out.toString());
      assertThat(Files.readString(out)).isEqualTo("made inside\n");
      String read = c.copyFileFromContainer("/tmp/in.txt",
          in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(read).isEqualTo("copied in\n");
    }
    assertGone(id);
  }

  @Test
  void portAndHttpWaitStrategiesReachTheMappedPort() throws Exception {
    String web = "mkdir -p /www && echo hello-from-httpd > /www/index.html"
        + " && exec httpd -f -p 8080 -h /www";
    try (GenericContainer<?> http = busybox(web).withExposedPorts(8080)
            .waitingFor(Wait.forHttp("/index.html").forStatusCode(200));
        GenericContainer<?> port = busybox("sleep 1; exec nc -ll -p 9090 -e echo hi")
            .withExposedPorts(9090).waitingFor(Wait.forListeningPort())) {
      http.start();
      port.start();
      assertThat(get("http://" + http.getHost() + ":" + http.getMappedPort(8080) + "/index.html"))
          .isEqualTo("hello-from-httpd\n");
      try (java.net.Socket socket = new java.net.Socket(port.getHost(), port.getMappedPort(9090))) {
        socket.setSoTimeout(10_000);
        assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo("hi\n");
      }
      assertThat(http.getMappedPort(8080)).isNotEqualTo(port.getMappedPort(9090));
    }
  }

  @Test
  void imageFromDockerfileBuildsAndHealthWaitWaitsForHealthy() throws Exception {
    ImageFromDockerfile image = new ImageFromDockerfile("localhost/berth-tc-health", false)
        .withFileFromString("greeting.txt", "built by testcontainers\n")
        .withFileFromString("Dockerfile", """
            FROM busybox:latest
            COPY greeting.txt /greeting.txt
            HEALTHCHECK --interval=1s --timeout=3s --retries=30 CMD test -f /tmp/healthy
            CMD ["sh", "-c", "sleep 2; touch /tmp/healthy; exec sleep 300"]
            """);
    String imageName = image.get(2, TimeUnit.MINUTES);
    try (GenericContainer<?> c = new GenericContainer<>(image)
        .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofSeconds(60)))) {
      long before = System.nanoTime();
      c.start();
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThan(Duration.ofSeconds(1));
      assertThat(c.getCurrentContainerInfo().getState().getHealth().getStatus())
          .isEqualTo("healthy");
      assertThat(c.execInContainer("cat", "/greeting.txt").getStdout())
          .isEqualTo("built by testcontainers\n");
    } finally {
      removeImage(imageName);
    }
    assertThatThrownBy(() -> docker.inspectImageCmd(imageName).exec())
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void containersOnANetworkReachEachOtherByAlias() throws Exception {
    String networkId;
    String web = "mkdir -p /www && echo via-alias > /www/index.html && exec httpd -f -p 80 -h /www";
    try (Network net = Network.newNetwork();
        GenericContainer<?> server = busybox(web).withNetwork(net)
            .withNetworkAliases("backend", "api.internal");
        GenericContainer<?> client = busybox("exec sleep 300").withNetwork(net)) {
      server.start();
      client.start();
      networkId = net.getId();
      for (String alias : List.of("backend", "api.internal")) {
        ExecResult r = client.execInContainer("sh", "-c",
            "for i in 1 2 3 4 5 6 7 8 9 10; do timeout 5 wget -q -O - http://" + alias
                + "/index.html && exit 0; sleep 0.5; done; exit 1");
        assertThat(r.getExitCode()).as(r.getStderr()).isZero();
        assertThat(r.getStdout()).isEqualTo("via-alias\n");
      }
      assertThat(docker.inspectNetworkCmd().withNetworkId(networkId).exec().getContainers())
          .hasSize(2);
    }
    assertThatThrownBy(() -> docker.inspectNetworkCmd().withNetworkId(networkId).exec())
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void createContainerCmdModifierSetsLimits() throws Exception {
    try (GenericContainer<?> c = busybox("exec sleep 300")
        .withCreateContainerCmdModifier(cmd -> cmd.withHostConfig(cmd.getHostConfig()
            .withMemory(64L << 20).withPidsLimit(42L).withCpuShares(256)))) {
      c.start();
      HostConfig hc = c.getCurrentContainerInfo().getHostConfig();
      assertThat(hc.getMemory()).isEqualTo(64L << 20);
      assertThat(hc.getPidsLimit()).isEqualTo(42L);
      assertThat(hc.getCpuShares()).isEqualTo(256);
      ExecResult pids = c.execInContainer("sh", "-c",
          "cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max");
      assertThat(pids.getStdout().trim()).isEqualTo("42");
      ExecResult mem = c.execInContainer("sh", "-c", "cat /sys/fs/cgroup/memory.max 2>/dev/null"
          + " || cat /sys/fs/cgroup/memory/memory.limit_in_bytes");
      assertThat(mem.getStdout().trim()).isEqualTo(String.valueOf(64L << 20));
    }
  }

  @Test
  void alwaysPullFetchesTheImageFromALoopbackRegistry() throws Exception {
    String repo = registry.host() + "/tc/busybox";
    docker.tagImageCmd("busybox:latest", repo, "1").exec();
    docker.pushImageCmd(repo).withTag("1").exec(new ResultCallback.Adapter<>())
        .awaitCompletion(60, TimeUnit.SECONDS);
    docker.removeImageCmd(repo + ":1").exec();
    assertThatThrownBy(() -> docker.inspectImageCmd(repo + ":1").exec())
        .isInstanceOf(NotFoundException.class);
    try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(repo + ":1"))
        .withImagePullPolicy(PullPolicy.alwaysPull())
        .withCommand("sh", "-c", "echo pulled-and-ran; exec sleep 300")
        .waitingFor(Wait.forLogMessage(".*pulled-and-ran.*", 1))) {
      c.start();
      assertThat(docker.inspectImageCmd(repo + ":1").exec().getRepoDigests())
          .anySatisfy(d -> assertThat(d).startsWith(repo + "@sha256:"));
    } finally {
      removeImage(repo + ":1");
    }
  }

  @Test
  void dockerJavaRunsWaitsAndReadsLogs() throws Exception {
    String id = docker.createContainerCmd("busybox:latest")
        .withCmd("sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 7")
        .withLabels(java.util.Map.of("berth.e2e", "docker-java")).exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      int code = docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
      assertThat(code).isEqualTo(7);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame f) {
              (switch (f.getStreamType()) {
                case STDERR -> err;
                default -> out;
              }).writeBytes(f.getPayload());
            }
          }).awaitCompletion(30, TimeUnit.SECONDS);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("to-stdout\n");
      assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("to-stderr\n");
      assertThat(docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(java.util.Map.of("berth.e2e", "docker-java")).exec())
          .extracting(c -> c.getId()).containsExactly(id);
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
    assertGone(id);
  }

  private static void removeImage(String name) {
    try {
      docker.removeImageCmd(name).withForce(true).exec();
    } catch (NotFoundException e) {
      // never made: the scenario failed before
    }
  }

  private static void assertGone(String id) {
    assertThatThrownBy(() -> docker.inspectContainerCmd(id).exec())
        .isInstanceOf(NotFoundException.class);
  }

  private static String get(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return r.body();
    }
  }
}
