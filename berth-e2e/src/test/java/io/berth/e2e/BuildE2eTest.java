package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.image.registry.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 4: the classic builder through the real docker CLI and docker-py — issue 9's Done-when. */
class BuildE2eTest {
  private static final String DOCKERFILE = """
      ARG BASE=busybox
      FROM ${BASE} AS build
      ARG MSG=built
      RUN echo "$MSG" > /msg && mkdir -p /out && cp /msg /out/msg
      COPY a.txt /out/

      FROM busybox
      ARG VERSION=1.0
      ENV APP_VERSION=${VERSION} GREETING="hi there"
      WORKDIR /app
      COPY --from=build /out/ ./
      COPY . /ctx/
      USER 1234:1234
      HEALTHCHECK --interval=30s --timeout=3s --retries=2 CMD cat /app/msg || exit 1
      ENTRYPOINT ["/bin/sh", "-c"]
      CMD ["cat /app/msg /app/a.txt; id -u; pwd; echo $APP_VERSION"]
      """;

  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    assumeTrue(Images.busyboxAvailable(), "busybox-static is not installed");
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"),
        "overlayfs, containers and layer ownership need root");
    daemon = Berthd.start(dir.resolve("d"));
    Path tar = Images.busybox(dir.resolve("busybox.tar"), "busybox:latest");
    Cmd.Result load = Cmd.docker(daemon, "load", "-i", tar.toString());
    assertThat(load.code()).as(load.all()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  /** {@code DOCKER_BUILDKIT=0 docker build ...}: the classic /build endpoint. */
  private static Cmd.Result build(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Cmd.dockerBinary(), "-H", daemon.host(),
        "build"));
    cmd.addAll(List.of(args));
    return Cmd.run(Map.of("DOCKER_BUILDKIT", "0", "DOCKER_CONFIG",
        daemon.dir.resolve("docker-config").toString()), null, cmd);
  }

  private static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  private static Path context(String name, String dockerfile) throws Exception {
    Path ctx = Files.createDirectories(dir.resolve(name));
    Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
    return ctx;
  }

  @Test
  void multiStageBuildRunsInspectsCachesAndRebuildsFromTheChangedStep() throws Exception {
    Path ctx = context("multi", DOCKERFILE);
    Files.writeString(ctx.resolve("a.txt"), "hello\n");
    Files.writeString(ctx.resolve("secret.txt"), "do not ship\n");
    Files.writeString(ctx.resolve(".dockerignore"), "secret.txt\n*.log\n");
    Files.writeString(ctx.resolve("debug.log"), "noise\n");

    Cmd.Result first = build("-t", "app:1", ctx.toString());
    assertThat(first.code()).as(first.all()).isZero();
    assertThat(first.out()).contains("Step 1/15 : ARG BASE=busybox", "Step 15/15 : CMD",
        " ---> Running in ", "Removing intermediate container ", "Successfully tagged app:1")
        .doesNotContain("Using cache");
    String id = docker("image", "inspect", "--format", "{{.Id}}", "app:1").out().trim();
    assertThat(first.out()).contains("Successfully built " + id.substring(7, 19));

    Cmd.Result run = docker("run", "--rm", "app:1");
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out()).isEqualTo("built\nhello\n1234\n/app\n1.0\n");
    assertThat(docker("image", "inspect", "--format",
        "{{.Config.User}}|{{.Config.WorkingDir}}|{{json .Config.Entrypoint}}|{{json .Config.Cmd}}"
            + "|{{json .Config.Healthcheck}}|{{json .Config.Env}}", "app:1").out().trim())
        .isEqualTo("1234:1234|/app|[\"/bin/sh\",\"-c\"]|"
            + "[\"cat /app/msg /app/a.txt; id -u; pwd; echo $APP_VERSION\"]|"
            + "{\"Test\":[\"CMD-SHELL\",\"cat /app/msg || exit 1\"],\"Interval\":30000000000,"
            + "\"Timeout\":3000000000,\"Retries\":2}|"
            + "[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","
            + "\"APP_VERSION=1.0\",\"GREETING=hi there\"]");
    Cmd.Result ls = docker("run", "--rm", "--entrypoint", "ls", "app:1", "-a", "/ctx");
    assertThat(ls.out().lines()).contains("a.txt", "Dockerfile", ".dockerignore")
        .doesNotContain("secret.txt", "debug.log");

    Cmd.Result again = build("-t", "app:1", ctx.toString());
    assertThat(again.code()).as(again.all()).isZero();
    long steps = again.out().lines().filter(l -> l.startsWith("Step ")).count();
    long committing = again.out().lines()
        .filter(l -> l.startsWith("Step ") && !l.contains(": FROM ") && !l.contains(": ARG BASE"))
        .count();
    assertThat(steps).isEqualTo(15);
    assertThat(again.out().split(" ---> Using cache", -1)).hasSize((int) committing + 1);
    assertThat(again.out()).doesNotContain("Running in")
        .contains("Successfully built " + id.substring(7, 19));
    assertThat(docker("image", "inspect", "--format", "{{.Id}}", "app:1").out().trim())
        .isEqualTo(id);

    Files.writeString(ctx.resolve("a.txt"), "changed\n");
    Cmd.Result changed = build("-t", "app:2", ctx.toString());
    assertThat(changed.code()).as(changed.all()).isZero();
    String out = changed.out();
    int copyStep = out.indexOf("Step 5/15 : COPY a.txt /out/");
    assertThat(out.substring(0, copyStep)).contains("Using cache");
    assertThat(out.substring(copyStep, out.indexOf("Step 6/15"))).doesNotContain("Using cache");
    assertThat(out.substring(out.indexOf("Step 10/15"))).doesNotContain("Using cache");
    assertThat(docker("run", "--rm", "app:2").out()).startsWith("built\nchanged\n");
  }

  @Test
  void targetAndBuildArgsAndLabels() throws Exception {
    Path ctx = context("target", DOCKERFILE + "FROM busybox AS unused\nRUN exit 9\n");
    Files.writeString(ctx.resolve("a.txt"), "a\n");
    Cmd.Result r = build("--target", "build", "--build-arg", "MSG=custom", "--label", "k=v",
        "-t", "target:1", ctx.toString());
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("Step 1/6 : ARG BASE=busybox", "Step 6/6 : LABEL \"k\"=\"v\"")
        .doesNotContain("exit 9");
    assertThat(docker("run", "--rm", "target:1", "cat", "/out/msg", "/out/a.txt").out())
        .isEqualTo("custom\na\n");
    assertThat(docker("image", "inspect", "--format", "{{.Config.Labels.k}}", "target:1").out())
        .isEqualTo("v\n");
  }

  @Test
  void failingRunFailsWithItsExitCodeAndOutputAndLeavesNoContainer() throws Exception {
    Path ctx = context("failing", "FROM busybox\nVOLUME /data\nRUN echo x > /data/x\n"
        + "RUN echo before the failure && exit 3\n");
    Cmd.Result r = build(ctx.toString());
    assertThat(r.code()).as(r.all()).isEqualTo(3);
    assertThat(r.out()).contains("before the failure");
    assertThat(r.all()).contains(
        "The command '/bin/sh -c echo before the failure && exit 3' returned a non-zero code: 3");
    assertThat(docker("ps", "-aq").out()).isEmpty();
    assertThat(docker("volume", "ls", "-q").out()).isEmpty();
  }

  @Test
  void syntaxErrorNamesFileLineAndInstruction() throws Exception {
    Path ctx = context("syntax", "FROM busybox\nRUNN true\n");
    Cmd.Result r = build(ctx.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("dockerfile parse error line 2 of Dockerfile (RUNN):"
        + " unknown instruction: RUNN");
    // a registry nobody listens on: the pull fails at once, and no outside name is resolved
    Path missing = context("missing", "FROM 127.0.0.1:1/nosuch:1\n");
    Cmd.Result pull = build(missing.toString());
    assertThat(pull.code()).isNotZero();
    assertThat(pull.all()).contains("Step 1/1 : FROM 127.0.0.1:1/nosuch:1", "127.0.0.1:1");
  }

  @Test
  void dockerfileFromStdinWithAContextDirectory() throws Exception {
    Path ctx = context("stdin", "FROM scratch\n");
    Files.writeString(ctx.resolve("f.txt"), "from the context\n");
    Path df = dir.resolve("stdin.Dockerfile");
    Files.writeString(df, "FROM busybox\nCOPY f.txt /\nCMD [\"cat\", \"/f.txt\"]\n");
    List<String> cmd = List.of(Cmd.dockerBinary(), "-H", daemon.host(), "build", "-f", "-",
        "-t", "stdin:1", ctx.toString());
    Cmd.Result r = Cmd.run(Map.of("DOCKER_BUILDKIT", "0", "DOCKER_CONFIG",
        daemon.dir.resolve("docker-config").toString()), df.toFile(), cmd);
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(docker("run", "--rm", "stdin:1").out()).isEqualTo("from the context\n");
  }

  @Test
  void berthBuildAppliesDockerignoreAndBerthCommitMakesAnImage() throws Exception {
    Path ctx = context("berthcli", "FROM busybox\nCOPY . /ctx/\nRUN ls -a /ctx > /listing\n"
        + "CMD [\"cat\", \"/listing\"]\n");
    Files.writeString(ctx.resolve(".dockerignore"), "*.secret\nbuild/\n!build/keep\n");
    Files.writeString(ctx.resolve("app.txt"), "app");
    Files.writeString(ctx.resolve("key.secret"), "no");
    Files.createDirectories(ctx.resolve("build"));
    Files.writeString(ctx.resolve("build/out"), "no");
    Files.writeString(ctx.resolve("build/keep"), "yes");
    Path iid = dir.resolve("iid");
    Cmd.Result b = Cmd.berth(Map.of(), "-H", daemon.host(), "build", "-q", "--iidfile",
        iid.toString(), "-t", "berthcli:1", ctx.toString());
    assertThat(b.code()).as(b.all()).isZero();
    String id = docker("image", "inspect", "--format", "{{.Id}}", "berthcli:1").out().trim();
    assertThat(b.out().trim()).isEqualTo(id);
    assertThat(Files.readString(iid)).isEqualTo(id);
    assertThat(docker("run", "--rm", "berthcli:1").out().lines())
        .contains("app.txt", "Dockerfile", ".dockerignore", "build")
        .doesNotContain("key.secret");
    assertThat(docker("run", "--rm", "berthcli:1", "ls", "/ctx/build").out().lines())
        .containsExactly("keep");

    Cmd.Result run = docker("run", "--name", "tocommit", "busybox", "sh", "-c",
        "echo made > /made && rm /bin/cat");
    assertThat(run.code()).as(run.all()).isZero();
    Cmd.Result commit = Cmd.berth(Map.of(), "-H", daemon.host(), "commit", "-c",
        "CMD [\"busybox\", \"cat\", \"/made\"]", "-m", "by berth", "tocommit", "committed:1");
    assertThat(commit.code()).as(commit.all()).isZero();
    assertThat(commit.out().trim()).startsWith("sha256:");
    assertThat(docker("run", "--rm", "committed:1").out()).isEqualTo("made\n");
    assertThat(docker("run", "--rm", "committed:1", "ls", "/bin/cat").code()).isNotZero();
    assertThat(docker("history", "--format", "{{.Comment}}", "committed:1").out())
        .startsWith("by berth\n");
    docker("rm", "tocommit");
  }

  @Test
  void fromAnImageThatIsNotLocalPullsIt() throws Exception {
    assumeTrue(TestRegistry.available(), "docker-registry is not installed");
    try (TestRegistry registry = TestRegistry.start(dir.resolve("registry"))) {
      String base = registry.host() + "/base:1";
      assertThat(docker("tag", "busybox", base).code()).isZero();
      Cmd.Result push = docker("push", base);
      assertThat(push.code()).as(push.all()).isZero();
      assertThat(docker("rmi", base).code()).isZero();
      Path ctx = context("pulled", "FROM " + base + "\nRUN echo pulled > /p\n"
          + "CMD [\"cat\", \"/p\"]\n");
      Cmd.Result r = build("-t", "pulled:1", ctx.toString());
      assertThat(r.code()).as(r.all()).isZero();
      assertThat(r.out()).contains("Step 1/3 : FROM " + base, "Pulling from base",
          "Status: Downloaded newer image for " + base,
          "Successfully tagged pulled:1");
      assertThat(docker("run", "--rm", "pulled:1").out()).isEqualTo("pulled\n");
    }
  }

  @Test
  void dockerPyBuildReturnsTheImage() throws Exception {
    Cmd.Result probe = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", "import docker"));
    assumeTrue(probe.code() == 0, "docker-py (python3-docker) is not installed");
    Path ctx = context("py", "FROM busybox\nLABEL made.by=docker-py\nRUN echo py > /py\n"
        + "CMD [\"cat\", \"/py\"]\n");
    String script = String.join("\n",
        "import docker",
        "c = docker.DockerClient(base_url='" + daemon.host() + "', version='auto')",
        "img, logs = c.images.build(path='" + ctx + "', tag='pyimg:1', rm=True)",
        "print(img.id)",
        "print(img.tags)",
        "print(img.labels['made.by'])",
        "print(c.containers.run(img.id, remove=True).decode().strip())");
    Cmd.Result r = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", script));
    assertThat(r.code()).as(r.all()).isZero();
    String id = docker("image", "inspect", "--format", "{{.Id}}", "pyimg:1").out().trim();
    assertThat(r.out()).isEqualTo(id + "\n['pyimg:1']\ndocker-py\npy\n");
  }

  @Test
  void aDockerfileOverTwentyMebibytesIsRefusedBeforeItIsRead() throws Exception {
    // short comment lines, so only the size is wrong; berth reads a Dockerfile whole
    Path ctx = context("huge", "FROM busybox\n");
    String line = "# " + "x".repeat(97) + "\n";
    try (var w = Files.newBufferedWriter(ctx.resolve("Dockerfile"),
        java.nio.file.StandardOpenOption.APPEND)) {
      for (int i = 0; i < (21 << 20) / line.length(); i++) {
        w.write(line);
      }
    }
    Cmd.Result r = build("-t", "huge:1", ctx.toString());
    assertThat(r.code()).as(r.all()).isNotZero();
    assertThat(r.all()).contains("the Dockerfile (Dockerfile) is larger than 20 MiB");
  }

  /**
   * moby's rmi: the last name of an image that has children (built or committed from it) is
   * untagged and the image kept, quietly; removing the child then prunes the dangling parent.
   */
  @Test
  void rmiOfTheLastNameOfAParentUntagsAndKeepsIt() throws Exception {
    assertThat(docker("run", "--name", "mid-src", "busybox", "touch", "/mid").code()).isZero();
    assertThat(docker("commit", "mid-src", "mid:1").code()).isZero();
    docker("rm", "mid-src");
    String mid = docker("image", "inspect", "--format", "{{.Id}}", "mid:1").out().trim();
    Path ctx = context("kid", "FROM mid:1\nRUN touch /kid\n");
    assertThat(build("-q", "-t", "kid:1", ctx.toString()).code()).isZero();

    Cmd.Result rmi = docker("rmi", "mid:1");
    assertThat(rmi.code()).as(rmi.all()).isZero();
    assertThat(rmi.out()).isEqualTo("Untagged: mid:1\n");
    assertThat(docker("images", "-aq", "--no-trunc").out()).contains(mid);
    Cmd.Result kid = docker("rmi", "kid:1");
    assertThat(kid.code()).as(kid.all()).isZero();
    assertThat(kid.out()).contains("Deleted: " + mid);
  }

  /** {@code docker build -f ../Dockerfile DIR}: the CLI's {@code .dockerfile.<hash>} is not in the image. */
  @Test
  void aDockerfileOutsideTheContextIsNotPartOfIt() throws Exception {
    Path base = Files.createDirectories(dir.resolve("outside"));
    Path ctx = Files.createDirectories(base.resolve("ctx"));
    Files.writeString(ctx.resolve("file.txt"), "hello");
    Files.writeString(base.resolve("Dockerfile"), "FROM busybox\nCOPY . /src\n"
        + "CMD [\"ls\", \"-A\", \"/src\"]\n");
    Cmd.Result b = build("-q", "-t", "outside:1", "-f", base.resolve("Dockerfile").toString(),
        ctx.toString());
    assertThat(b.code()).as(b.all()).isZero();
    assertThat(docker("run", "--rm", "outside:1").out()).isEqualTo("file.txt\n");
  }

  /** {@code ADD http://…}: downloaded by the daemon, mode 0600, Last-Modified kept, not unpacked. */
  @Test
  void addDownloadsAUrl() throws Exception {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/files/", x -> {
      byte[] body = x.getRequestURI().getPath().endsWith("/hello.txt")
          ? "remote content\n".getBytes() : null;
      if (body == null) {
        x.sendResponseHeaders(404, -1);
      } else {
        x.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
      }
      x.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
      Path ctx = context("add-url", "FROM busybox\nADD " + url + "hello.txt /x/\n"
          + "ADD " + url + "hello.txt /y.txt\n");
      Cmd.Result b = build("-q", "-t", "addurl:1", ctx.toString());
      assertThat(b.code()).as(b.all()).isZero();
      Cmd.Result run = docker("run", "--rm", "addurl:1", "sh", "-c",
          "cat /x/hello.txt; stat -c '%a %Y' /x/hello.txt /y.txt");
      assertThat(run.out()).isEqualTo("remote content\n600 1445412480\n600 1445412480\n");
      Path missing = context("add-404", "FROM busybox\nADD " + url + "nope.txt /x/\n");
      Cmd.Result nope = build(missing.toString());
      assertThat(nope.code()).isNotZero();
      assertThat(nope.all()).contains("failed to GET " + url + "nope.txt with status 404");
    } finally {
      server.stop(0);
    }
  }

  /**
   * docker-py 5.0.3's build tests that passed on Docker only: stderr in red, two extra hosts,
   * cache_from that names no image reuses nothing, .dockerignore with an exception inside an
   * ignored directory (and the .dockerignore and Dockerfile it excludes left out).
   */
  @Test
  void dockerPyBuildOptionsAsDockerHasThem() throws Exception {
    Cmd.Result probe = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", "import docker"));
    assumeTrue(probe.code() == 0, "docker-py (python3-docker) is not installed");
    Path ctx = Files.createDirectories(dir.resolve("pyignore"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nADD . /test\n");
    Files.writeString(ctx.resolve(".dockerignore"),
        "ignored\nDockerfile\n.dockerignore\n!ignored/subdir/excepted-file\n");
    Files.writeString(ctx.resolve("not-ignored"), "x");
    Files.createDirectories(ctx.resolve("ignored/subdir"));
    Files.writeString(ctx.resolve("ignored/subdir/file"), "x");
    Files.writeString(ctx.resolve("ignored/subdir/excepted-file"), "x");
    String script = String.join("\n",
        "import docker, io",
        "c = docker.APIClient(base_url='" + daemon.host() + "', version='auto')",
        "df = lambda s: io.BytesIO(s.encode())",
        "lines = [m.get('stream') for m in c.build(fileobj=df('FROM busybox\\nRUN sh -c \">&2 echo oops\"'),"
            + " decode=True, nocache=True)]",
        "print('red' if '\\x1b[91moops\\n\\x1b[0m' in lines else lines)",
        "out = list(c.build(fileobj=df('FROM busybox\\nRUN ping -c1 a.test && ping -c1 b.test'),"
            + " extra_hosts={'a.test': '127.0.0.1', 'b.test': '127.0.0.1'}, decode=True))",
        "print('hosts' if not any('errorDetail' in m for m in out) else out)",
        "s = 'FROM busybox\\nENV FOO=bar\\nRUN touch /baz'",
        "list(c.build(fileobj=df(s), tag='cf1'))",
        "hits = lambda cf: sum('Using cache' in m.get('stream', '') for m in"
            + " c.build(fileobj=df(s), cache_from=cf, decode=True))",
        "print('cache', hits(['cf1']), hits(['nosuchtag']))",
        "list(c.build(path='" + ctx + "', tag='pyignore:1'))",
        "ct = c.create_container('pyignore:1', ['find', '/test', '-type', 'f'])",
        "c.start(ct); c.wait(ct)",
        "print(sorted(c.logs(ct).decode().split()))");
    Cmd.Result r = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", script));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).isEqualTo("red\nhosts\ncache 2 0\n"
        + "['/test/ignored/subdir/excepted-file', '/test/not-ignored']\n");
  }
}
