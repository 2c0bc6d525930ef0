package io.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.content.LocalContentStore;
import io.berth.distribution.AuthConfig;
import io.berth.distribution.RegistryClient;
import io.berth.distribution.RegistryConfig;
import io.berth.image.ImageService;
import io.berth.image.Progress;
import io.berth.image.Puller;
import io.berth.image.Reference;
import io.berth.image.fake.TestImages;
import io.berth.testkit.FakeSnapshotter;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS from a throwaway CA (certs.d), the insecure fallbacks, and per-registry mirrors. */
class RegistryTlsAndMirrorTest {
  @TempDir Path dir;

  ImageService service(String name, RegistryConfig config) {
    Path root = dir.resolve(name);
    FakeSnapshotter snapshots = new FakeSnapshotter();
    return new ImageService(root, new LocalContentStore(root), snapshots, snapshots,
        new RegistryClient(config));
  }

  static RegistryConfig withCerts(Path certsDir) {
    return new RegistryConfig(List.of(), List.of(), Map.of(), List.of(certsDir));
  }

  void seed(ImageService images, String ref) {
    byte[] layer = TestImages.tar(Map.of("file", "content"));
    images.load(new ByteArrayInputStream(TestImages.dockerSave(List.of(
        TestImages.image(List.of(layer), "x", List.of(ref))))), l -> { });
    images.push(ref, null, AuthConfig.ANONYMOUS, Progress.NONE);
  }

  @Test
  void tlsRegistryIsVerifiedWithTheCaFromCertsD() throws Exception {
    assumeTrue(TestRegistry.available(), "docker-registry is not installed");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
    Path pki = Files.createDirectories(dir.resolve("pki"));
    sh(pki, "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1"
        + " -subj /CN=berth-test-ca");
    sh(pki, "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr"
        + " -subj /CN=127.0.0.1");
    Files.writeString(pki.resolve("ext"), "subjectAltName=IP:127.0.0.1\n");
    sh(pki, "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial"
        + " -out server.crt -days 1 -extfile ext");
    try (TestRegistry tls = TestRegistry.start(dir.resolve("tls"), null,
        pki.resolve("server.crt"), pki.resolve("server.key"))) {
      Path certsD = dir.resolve("certs.d");
      Files.createDirectories(certsD.resolve(tls.host()));
      Files.copy(pki.resolve("ca.crt"), certsD.resolve(tls.host()).resolve("ca.crt"));

      RegistryClient.Endpoint verified = new RegistryClient(withCerts(certsD)).origin(tls.host());
      assertThat(verified.base()).isEqualTo(URI.create("https://" + tls.host()));
      assertThat(verified.verified()).isTrue();
      RegistryClient.Endpoint unverified = new RegistryClient(withCerts(dir.resolve("none")))
          .origin(tls.host());
      assertThat(unverified.base().getScheme()).isEqualTo("https");
      assertThat(unverified.verified()).as("loopback is insecure: no verification").isFalse();

      ImageService source = service("source", withCerts(certsD));
      seed(source, tls.host() + "/tls:1");
      ImageService images = service("pull", withCerts(certsD));
      images.pull(new Puller.Request(Reference.parse(tls.host() + "/tls:1"),
          AuthConfig.ANONYMOUS, null), Progress.NONE);
      assertThat(images.list(false, Map.of())).hasSize(1);
    }
  }

  @Test
  void plainRegistryOnLoopbackIsSpokenToOverHttp() throws Exception {
    assumeTrue(TestRegistry.available(), "docker-registry is not installed");
    try (TestRegistry plain = TestRegistry.start(dir.resolve("plain"))) {
      RegistryClient.Endpoint e = new RegistryClient(RegistryConfig.defaults())
          .origin(plain.host());
      assertThat(e.base()).isEqualTo(URI.create("http://" + plain.host()));
    }
  }

  @Test
  void mirrorsAreTriedFirstAndADeadMirrorFallsBackToTheOrigin() throws Exception {
    assumeTrue(TestRegistry.available(), "docker-registry is not installed");
    try (TestRegistry origin = TestRegistry.start(dir.resolve("origin"));
        RegistryProxy mirror = new RegistryProxy(origin.host())) {
      seed(service("seed", RegistryConfig.defaults()), origin.host() + "/m:1");
      int dead = TestRegistry.freePort();
      RegistryConfig config = new RegistryConfig(List.of(), List.of(), Map.of(origin.host(),
          List.of(URI.create("http://127.0.0.1:" + dead), URI.create("http://" + mirror.host()))),
          List.of());
      ImageService images = service("mirrored", config);
      images.pull(new Puller.Request(Reference.parse(origin.host() + "/m:1"),
          AuthConfig.ANONYMOUS, null), Progress.NONE);
      assertThat(mirror.seen).anyMatch(s -> s.path().equals("/v2/m/manifests/1"));
      assertThat(mirror.blobGets()).isEqualTo(2);
      assertThat(images.inspect(origin.host() + "/m:1").repoTags())
          .containsExactly(origin.host() + "/m:1");

      RegistryConfig onlyDead = new RegistryConfig(List.of(), List.of(), Map.of(origin.host(),
          List.of(URI.create("http://127.0.0.1:" + dead))), List.of());
      ImageService fallback = service("fallback", onlyDead);
      fallback.pull(new Puller.Request(Reference.parse(origin.host() + "/m:1"),
          AuthConfig.ANONYMOUS, null), Progress.NONE);
      assertThat(fallback.list(false, Map.of())).hasSize(1);
    }
  }

  private static void sh(Path cwd, String command) throws Exception {
    Process p = new ProcessBuilder(List.of("sh", "-c", command)).directory(cwd.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command + ": " + out);
    }
  }
}
