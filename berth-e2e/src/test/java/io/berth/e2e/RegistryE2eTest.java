package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.image.registry.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Tier 4: pull, push, login and run-pulls-missing through the real docker CLI and docker-py. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;
  static TestRegistry registry;
  static TestRegistry secured;
  static String reg;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    assumeTrue(Images.busyboxAvailable(), "busybox-static is not installed");
    assumeTrue(TestRegistry.available(), "docker-registry is not installed");
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"),
        "overlayfs and layer ownership need root");
    registry = TestRegistry.start(dir.resolve("registry"));
    secured = TestRegistry.start(dir.resolve("secured"),
        TestRegistry.htpasswd(dir.resolve("htpasswd"), "user", "pass"), null, null);
    reg = registry.host();
    daemon = Berthd.start(dir.resolve("d"));
    Path tar = Images.busybox(dir.resolve("busybox.tar"), "busybox:latest");
    Cmd.Result load = docker("load", "-i", tar.toString());
    assertThat(load.code()).as(load.all()).isZero();
    assertThat(docker("tag", "busybox", reg + "/busybox:latest").code()).isZero();
    Cmd.Result push = docker("push", reg + "/busybox:latest");
    assertThat(push.code()).as(push.all()).isZero();
    assertThat(push.out()).contains("The push refers to repository [" + reg + "/busybox]",
        "Pushed", "latest: digest: sha256:");
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {daemon, registry, secured}) {
      if (c != null) {
        c.close();
      }
    }
  }

  static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  @Test
  @Order(1) // first: the image and its layer are then really absent before the pull
  void pullShowsProgressAndTheImageRunsAndPushToAnotherRepoMounts() throws Exception {
    assertThat(docker("rmi", "busybox", reg + "/busybox:latest").code()).isZero();
    Cmd.Result pull = docker("pull", reg + "/busybox:latest");
    assertThat(pull.code()).as(pull.all()).isZero();
    assertThat(pull.out()).contains("latest: Pulling from busybox", "Pull complete",
        "Digest: sha256:", "Status: Downloaded newer image for " + reg + "/busybox:latest");
    Cmd.Result again = docker("pull", reg + "/busybox:latest");
    assertThat(again.out()).contains("Status: Image is up to date for " + reg
        + "/busybox:latest");
    String digest = pull.out().lines().filter(l -> l.startsWith("Digest: ")).findFirst()
        .orElseThrow().substring("Digest: ".length());
    Cmd.Result byDigest = docker("pull", reg + "/busybox@" + digest);
    assertThat(byDigest.code()).as(byDigest.all()).isZero();
    assertThat(byDigest.out()).contains("Status: Image is up to date for " + reg
        + "/busybox@" + digest);
    Cmd.Result run = docker("run", "--rm", reg + "/busybox", "echo", "pulled-and-ran");
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out()).contains("pulled-and-ran");
    assertThat(docker("image", "inspect", "--format", "{{json .RepoDigests}}",
        reg + "/busybox").out()).contains(reg + "/busybox@sha256:");

    assertThat(docker("tag", reg + "/busybox", reg + "/other/bb:1").code()).isZero();
    Cmd.Result push = docker("push", reg + "/other/bb:1");
    assertThat(push.code()).as(push.all()).isZero();
    assertThat(push.out()).contains("Mounted from busybox", "1: digest: sha256:");

    Cmd.Result missing = docker("pull", reg + "/nosuch:1");
    assertThat(missing.code()).isNotZero();
    assertThat(missing.err()).contains("manifest for " + reg + "/nosuch:1 not found");
  }

  @Test
  void runOfAMissingImagePullsIt() throws Exception {
    String ref = reg + "/busybox:latest";
    Cmd.Result push = docker("push", ref);
    assertThat(push.code()).as(push.all()).isZero();
    assertThat(docker("tag", ref, reg + "/runpull:1").code()).isZero();
    assertThat(docker("push", reg + "/runpull:1").code()).isZero();
    assertThat(docker("rmi", reg + "/runpull:1").code()).isZero();
    Cmd.Result run = docker("run", "--rm", reg + "/runpull:1", "echo", "auto-pulled");
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.err()).contains("Unable to find image '" + reg + "/runpull:1' locally");
    assertThat(run.out()).contains("auto-pulled");
  }

  @Test
  void loginSucceedsWithTheRightPasswordAndFailsWithAWrongOne() throws Exception {
    Cmd.Result anonymous = docker("pull", secured.host() + "/private:1");
    assertThat(anonymous.code()).isNotZero();
    assertThat(anonymous.err()).contains("Error response from daemon: Get \"http://"
        + secured.host() + "/v2/private/manifests/1\": no basic auth credentials");
    Path config = daemon.dir.resolve("docker-config");
    java.nio.file.Files.createDirectories(config);
    java.nio.file.Files.writeString(config.resolve("config.json"), "{\"auths\":{\""
        + secured.host() + "\":{\"auth\":\"" + java.util.Base64.getEncoder()
        .encodeToString("user:wrong".getBytes()) + "\"}}}");
    Cmd.Result wrong = docker("pull", secured.host() + "/private:1");
    assertThat(wrong.code()).isNotZero();
    assertThat(wrong.err()).contains("unauthorized: authentication required");
    Cmd.Result bad = docker("login", "-u", "user", "-p", "wrong", secured.host());
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("401 Unauthorized");
    Cmd.Result ok = docker("login", "-u", "user", "-p", "pass", secured.host());
    assertThat(ok.code()).as(ok.all()).isZero();
    assertThat(ok.out()).contains("Login Succeeded");
    assertThat(docker("pull", reg + "/busybox:latest").code()).isZero();
    assertThat(docker("tag", reg + "/busybox:latest", secured.host() + "/private:1").code())
        .isZero();
    Cmd.Result push = docker("push", secured.host() + "/private:1");
    assertThat(push.code()).as(push.all()).isZero();
    assertThat(docker("rmi", secured.host() + "/private:1").code()).isZero();
    Cmd.Result pull = docker("pull", secured.host() + "/private:1");
    assertThat(pull.code()).as(pull.all()).isZero();
    assertThat(docker("logout", secured.host()).code()).isZero();
  }

  @Test
  void berthCliLogsInPushesAndPullsWithStoredCredentials() throws Exception {
    Path config = dir.resolve("berth-config");
    Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
    String h = daemon.host();
    Cmd.Result bad = Cmd.berth(env, "-H", h, "login", "-u", "user", "-p", "wrong",
        secured.host());
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("401 Unauthorized");
    Cmd.Result ok = Cmd.berth(env, "-H", h, "login", "-u", "user", "-p", "pass",
        secured.host());
    assertThat(ok.code()).as(ok.all()).isZero();
    assertThat(ok.out()).contains("Login Succeeded");
    assertThat(java.nio.file.Files.readString(config.resolve("config.json")))
        .contains(secured.host(), java.util.Base64.getEncoder().encodeToString(
            "user:pass".getBytes()));
    // (the docker CLI for the steps that are not under test: each berth run is a fresh JVM)
    assertThat(docker("pull", reg + "/busybox").code()).isZero();
    assertThat(docker("tag", reg + "/busybox", secured.host() + "/cli:1").code()).isZero();
    Cmd.Result push = Cmd.berth(env, "-H", h, "push", secured.host() + "/cli:1");
    assertThat(push.code()).as(push.all()).isZero();
    assertThat(push.out()).contains("1: digest: sha256:");
    assertThat(docker("rmi", secured.host() + "/cli:1").code()).isZero();
    Cmd.Result pull = Cmd.berth(env, "-H", h, "pull", secured.host() + "/cli:1");
    assertThat(pull.code()).as(pull.all()).isZero();
    assertThat(pull.out()).contains("Status: Downloaded newer image for " + secured.host()
        + "/cli:1");
    assertThat(Cmd.berth(env, "-H", h, "logout", secured.host()).out())
        .contains("Removing login credentials for " + secured.host());
    Cmd.Result denied = Cmd.berth(env, "-H", h, "pull", secured.host() + "/cli:1");
    assertThat(denied.code()).isNotZero();
  }

  @Test
  void dockerPyPulls() throws Exception {
    Cmd.Result probe = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", "import docker"));
    assumeTrue(probe.code() == 0, "docker-py (python3-docker) is not installed");
    String script = """
        import docker
        c = docker.DockerClient(base_url='%s')
        img = c.images.pull('%s/busybox', tag='latest')
        print('PULLED', img.id, img.tags)
        print('DIST', c.api.inspect_distribution('%s/busybox:latest')['Descriptor']['digest'])
        print(c.containers.run(img.id, ['echo', 'py-ran'], remove=True).decode())
        """.formatted(daemon.host(), reg, reg);
    Cmd.Result r = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", script));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("PULLED sha256:", reg + "/busybox:latest", "py-ran",
        "DIST sha256:");
  }

  /** dockerd 20.10's push and pull events: actor the reference, {@code name} its repository. */
  @Test
  void pushAndPullEventsNameTheReference() throws Exception {
    assertThat(docker("pull", reg + "/busybox:latest").code()).isZero();
    long t0 = java.time.Instant.now().getEpochSecond() - 1;
    String ref = reg + "/evbb:1";
    assertThat(docker("tag", reg + "/busybox:latest", ref).code()).isZero();
    assertThat(docker("push", ref).code()).isZero();
    assertThat(docker("rmi", ref).code()).isZero();
    assertThat(docker("pull", ref).code()).isZero();
    Cmd.Result events = docker("events", "--since", Long.toString(t0), "--until",
        Long.toString(java.time.Instant.now().getEpochSecond() + 1), "--filter", "type=image",
        "--format", "{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}");
    assertThat(events.code()).as(events.all()).isZero();
    List<String> all = events.out().lines().filter(l -> !l.startsWith("tag ")).toList();
    // the second of t0 may hold other tests' events: from this push on
    List<String> got = all.subList(Math.max(0, all.indexOf("push " + ref + " " + reg + "/evbb")),
        all.size());
    String id = docker("image", "inspect", "-f", "{{.Id}}", ref).out().strip();
    // one untag for the rmi: the digest name it also drops gets no event of its own
    assertThat(got).containsExactly("push " + ref + " " + reg + "/evbb",
        "untag " + id + " " + id, "pull " + ref + " " + reg + "/evbb");
    docker("rmi", ref);
  }
}
