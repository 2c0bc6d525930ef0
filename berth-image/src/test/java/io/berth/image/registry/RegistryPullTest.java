package io.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.content.LocalContentStore;
import io.berth.distribution.AuthConfig;
import io.berth.distribution.ManifestEndpoint;
import io.berth.distribution.RegistryClient;
import io.berth.distribution.RegistryConfig;
import io.berth.distribution.RegistrySession;
import io.berth.distribution.UploadEndpoint;
import io.berth.image.ChainIds;
import io.berth.image.ImageService;
import io.berth.image.Progress;
import io.berth.image.Puller;
import io.berth.image.Reference;
import io.berth.image.fake.TestImages;
import io.berth.oci.Descriptor;
import io.berth.oci.ImageIndex;
import io.berth.oci.ImageManifest;
import io.berth.oci.MediaTypes;
import io.berth.oci.OciJson;
import io.berth.oci.Platform;
import io.berth.testkit.FakeSnapshotter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull and push against Debian's docker-registry on loopback, with faults from a proxy. */
class RegistryPullTest {
  @TempDir static Path dir;
  static TestRegistry registry;
  static final byte[] BASE = TestImages.tar(Map.of("bin/sh", "sh".repeat(20000),
      "etc/passwd", "root"));
  static final byte[] APP = TestImages.tar(Map.of("app/run", "run".repeat(30000)));
  static final byte[] OTHER = TestImages.tar(Map.of("other", "x".repeat(5000)));
  static final byte[] BASE_GZ = TestImages.gzip(BASE);
  static ImageService source;
  static int serial;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(TestRegistry.available(), "docker-registry is not installed");
    registry = TestRegistry.start(dir.resolve("registry"));
    source = service("source");
    String r = registry.host();
    var a = TestImages.image(List.of(BASE_GZ, APP), List.of(BASE, APP), "a",
        List.of(r + "/a:1"));
    var b = TestImages.image(List.of(BASE_GZ, OTHER), List.of(BASE, OTHER), "b",
        List.of(r + "/b:1"));
    source.load(new ByteArrayInputStream(TestImages.dockerSave(List.of(a, b))), l -> { });
    List<String> first = new ArrayList<>();
    source.push(r + "/a:1", null, AuthConfig.ANONYMOUS, recorder(first));
    assertThat(first).contains("The push refers to repository [" + r + "/a]")
        .anyMatch(l -> l.endsWith("Pushed")).anyMatch(l -> l.startsWith("1: digest: sha256:"));
    List<String> second = new ArrayList<>();
    source.push(r + "/b:1", null, AuthConfig.ANONYMOUS, recorder(second));
    assertThat(second).as("b's base layer is mounted from a")
        .contains(Digest.sha256(BASE_GZ).shortHex() + " Mounted from a");
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  static ImageService service(String name) {
    Path root = dir.resolve(name + "-" + serial++);
    FakeSnapshotter snapshots = new FakeSnapshotter();
    return new ImageService(root, new LocalContentStore(root), snapshots, snapshots,
        new RegistryClient(RegistryConfig.defaults()));
  }

  static Progress recorder(List<String> lines) {
    List<String> sync = java.util.Collections.synchronizedList(lines);
    return (id, status, current, total) -> {
      if (current < 0) {
        sync.add(id == null ? status : id + " " + status);
      }
    };
  }

  static Puller.Request req(String ref) {
    return new Puller.Request(Reference.parse(ref), AuthConfig.ANONYMOUS, null);
  }

  @Test
  void pushOfAnImageWhoseLayersExistSkipsThem() {
    List<String> lines = new ArrayList<>();
    source.push(registry.host() + "/a:1", null, AuthConfig.ANONYMOUS, recorder(lines));
    assertThat(lines).contains(Digest.sha256(BASE_GZ).shortHex() + " Layer already exists",
        Digest.sha256(APP).shortHex() + " Layer already exists")
        .noneMatch(l -> l.endsWith("Pushed"));
  }

  @Test
  void pullingASecondImageDownloadsOnlyItsNewLayers() throws Exception {
    try (RegistryProxy proxy = new RegistryProxy(registry.host())) {
      ImageService images = service("shared");
      List<String> lines = new ArrayList<>();
      Digest a = images.pull(req(proxy.host() + "/a:1"), recorder(lines));
      assertThat(lines).contains("1 Pulling from a", Digest.sha256(APP).shortHex()
          + " Pull complete", "Status: Downloaded newer image for " + proxy.host() + "/a:1")
          .anyMatch(l -> l.startsWith("Digest: sha256:"));
      assertThat(proxy.blobGets()).isEqualTo(3); // config + 2 layers
      List<String> second = new ArrayList<>();
      images.pull(req(proxy.host() + "/b:1"), recorder(second));
      assertThat(proxy.blobGets("sha256:" + Digest.sha256(BASE_GZ).hex())).isEqualTo(1);
      assertThat(proxy.blobGets()).isEqualTo(5); // + b's config and its own layer
      assertThat(second).contains(Digest.sha256(BASE_GZ).shortHex() + " Already exists");
      List<String> again = new ArrayList<>();
      assertThat(images.pull(req(proxy.host() + "/a:1"), recorder(again))).isEqualTo(a);
      assertThat(again).contains("Status: Image is up to date for " + proxy.host() + "/a:1");
      assertThat(images.inspect(proxy.host() + "/a:1").repoDigests()).singleElement()
          .asString().startsWith(proxy.host() + "/a@sha256:");
    }
  }

  @Test
  void concurrentPullsOfImagesSharingALayerDownloadItOnce() throws Exception {
    try (RegistryProxy proxy = new RegistryProxy(registry.host())) {
      ImageService images = service("concurrent");
      var fa = CompletableFuture.supplyAsync(() -> images.pull(req(proxy.host() + "/a:1"),
          Progress.NONE));
      var fb = CompletableFuture.supplyAsync(() -> images.pull(req(proxy.host() + "/b:1"),
          Progress.NONE));
      fa.join();
      fb.join();
      assertThat(proxy.blobGets("sha256:" + Digest.sha256(BASE_GZ).hex())).isEqualTo(1);
      assertThat(images.list(false, Map.of())).hasSize(2);
    }
  }

  /** A pull of a:1 into a fresh root whose base layer's download stalls after 100 bytes. */
  private record StalledPull(Path root, FakeSnapshotter snapshots, ImageService images,
      java.util.concurrent.CountDownLatch latch, CompletableFuture<Digest> pull) {
    static StalledPull start(RegistryProxy proxy, Path root) {
      FakeSnapshotter snapshots = new FakeSnapshotter();
      ImageService images = new ImageService(root, new LocalContentStore(root), snapshots,
          snapshots, new RegistryClient(RegistryConfig.defaults()));
      var latch = new java.util.concurrent.CountDownLatch(1);
      proxy.stallAfter = 100;
      proxy.stall.put(Digest.sha256(BASE_GZ).toString(), latch);
      var pull = CompletableFuture.supplyAsync(() -> images.pull(req(proxy.host() + "/a:1"),
          Progress.NONE));
      return new StalledPull(root, snapshots, images, latch, pull);
    }

    /** Waits (10 s at most) until {@code n} layers are being applied; returns how many are. */
    long awaitApplies(int n) throws InterruptedException {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (applies() < n && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      return applies();
    }

    private long applies() {
      return snapshots.calls.stream().filter(c -> c.startsWith("apply extract-")).count();
    }
  }

  @Test
  void aLayerIsUnpackedWhileItDownloads() throws Exception {
    try (RegistryProxy proxy = new RegistryProxy(registry.host())) {
      StalledPull p = StalledPull.start(proxy, dir.resolve("one-pass"));
      Digest base = Digest.sha256(BASE_GZ);
      assertThat(p.awaitApplies(1)).as("unpacking began while the blob was still downloading")
          .isPositive();
      assertThat(new LocalContentStore(p.root()).exists(base)).isFalse();
      p.latch().countDown();
      p.pull().join();
      assertThat(proxy.blobGets(base.toString())).isEqualTo(1);
      assertThat(p.images().list(false, Map.of())).hasSize(1);
    }
  }

  /** ADR 0149: the layer above is applied while the one below still downloads. */
  @Test
  void layersAreAppliedSideBySideAndStackedInOrder() throws Exception {
    try (RegistryProxy proxy = new RegistryProxy(registry.host())) {
      StalledPull p = StalledPull.start(proxy, dir.resolve("side-by-side"));
      assertThat(p.awaitApplies(2)).as("the app layer is applied while the base layer is stalled")
          .isEqualTo(2);
      assertThat(p.snapshots().calls).noneMatch(c -> c.startsWith("commit "));
      p.latch().countDown();
      p.pull().join();
      Digest c1 = ChainIds.next(null, Digest.sha256(BASE));
      Digest c2 = ChainIds.next(c1, Digest.sha256(APP));
      assertThat(p.snapshots().stat(c2.toString()).parent()).isEqualTo(c1.toString());
      assertThat(p.snapshots().calls.stream().filter(c -> c.startsWith("commit ")))
          .containsExactly("commit " + c1, "commit " + c2);
    }
  }

  @Test
  void aCorruptedBlobIsRejectedAndNothingIsCommitted() throws Exception {
    try (RegistryProxy proxy = new RegistryProxy(registry.host())) {
      Path root = dir.resolve("corrupt");
      LocalContentStore content = new LocalContentStore(root);
      FakeSnapshotter snapshots = new FakeSnapshotter();
      ImageService images = new ImageService(root, content, snapshots, snapshots,
          new RegistryClient(RegistryConfig.defaults()));
      Digest app = Digest.sha256(APP);
      proxy.corrupt.add(app.toString());
      assertThatThrownBy(() -> images.pull(req(proxy.host() + "/a:1"), Progress.NONE))
          .isInstanceOf(BerthException.InvalidArgument.class)
          .hasMessage("filesystem layer verification failed for digest " + app);
      assertThat(content.exists(app)).isFalse();
      assertThat(images.list(true, Map.of())).isEmpty();
      List<String> kept = new ArrayList<>();
      snapshots.walk(i -> kept.add(i.key()));
      assertThat(kept).as("the unverified layer is not stacked, nor left active")
          .containsExactly(ChainIds.next(null, Digest.sha256(BASE)).toString());
      try (var ingests = Files.list(root.resolve("content/ingest"))) {
        assertThat(ingests.toList()).as("the corrupt ingest is dropped").isEmpty();
      }
    }
  }

  @Test
  void aPullCutOffHalfWayResumesWhereItStopped() throws Exception {
    try (RegistryProxy proxy = new RegistryProxy(registry.host())) {
      ImageService images = service("resume");
      Digest app = Digest.sha256(APP);
      proxy.cutAfter = 40_000;
      proxy.cutOnce.add(app.toString());
      assertThatThrownBy(() -> images.pull(req(proxy.host() + "/a:1"), Progress.NONE))
          .isInstanceOf(BerthException.Unavailable.class);
      assertThat(images.list(true, Map.of())).isEmpty();
      images.pull(req(proxy.host() + "/a:1"), Progress.NONE);
      List<RegistryProxy.Seen> gets = proxy.seen.stream()
          .filter(s -> s.method().equals("GET") && s.path().endsWith(app.toString())).toList();
      assertThat(gets).hasSize(2);
      assertThat(gets.get(0).range()).isNull();
      // resumed from what the first try had written to its ingest: up to the cut, less what
      // was still in flight in buffers when the connection dropped
      String range = gets.get(1).range();
      assertThat(range).matches("bytes=[0-9]+-");
      assertThat(Long.parseLong(range.substring(6, range.length() - 1))).isBetween(1L, 40_000L);
      assertThat(images.list(false, Map.of())).hasSize(1);
    }
  }

  @Test
  void pullOfAMultiArchIndexPicksThePlatform() throws Exception {
    RegistryClient client = new RegistryClient(RegistryConfig.defaults());
    RegistrySession s = client.session(registry.host(), "multi", AuthConfig.ANONYMOUS,
        List.of("repository:multi:pull,push"));
    List<Descriptor> entries = new ArrayList<>();
    for (String arch : List.of("amd64", "arm64")) {
      byte[] layer = TestImages.tar(Map.of("arch", arch));
      byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"rootfs\":"
          + "{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(layer) + "\"]}}")
          .getBytes(StandardCharsets.UTF_8);
      upload(s, layer);
      upload(s, config);
      byte[] manifest = OciJson.MAPPER.writeValueAsBytes(ImageManifest.oci(
          Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(config).toString(), config.length),
          List.of(Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(layer).toString(),
              layer.length))));
      Digest d = new ManifestEndpoint(s).put(Digest.sha256(manifest).toString(), manifest,
          MediaTypes.OCI_MANIFEST);
      entries.add(Descriptor.of(MediaTypes.OCI_MANIFEST, d.toString(), manifest.length)
          .withPlatform(arch.equals("arm64") ? new Platform("arm64", "linux", null, null, "v8")
              : Platform.of("linux", arch)));
    }
    byte[] index = OciJson.MAPPER.writeValueAsBytes(ImageIndex.oci(entries));
    new ManifestEndpoint(s).put("1", index, MediaTypes.OCI_INDEX);

    ImageService images = service("multi");
    images.pull(new Puller.Request(Reference.parse(registry.host() + "/multi:1"),
        AuthConfig.ANONYMOUS, "linux/arm64"), Progress.NONE);
    assertThat(images.inspect(registry.host() + "/multi:1").config().architecture())
        .isEqualTo("arm64");
    assertThat(images.inspect(registry.host() + "/multi:1").repoDigests()).singleElement()
        .isEqualTo(registry.host() + "/multi@" + Digest.sha256(index));
    ImageService other = service("multi-default");
    other.pull(req(registry.host() + "/multi:1"), Progress.NONE);
    assertThat(other.inspect(registry.host() + "/multi:1").config().architecture())
        .isEqualTo("amd64");
    assertThatThrownBy(() -> service("multi-none").pull(new Puller.Request(
        Reference.parse(registry.host() + "/multi:1"), AuthConfig.ANONYMOUS, "linux/s390x"),
        Progress.NONE)).isInstanceOf(BerthException.NotFound.class)
        .hasMessage("no matching manifest for linux/s390x in the manifest list entries");
  }

  @Test
  void aMissingTagIsNotFoundWithDockersWording() {
    assertThatThrownBy(() -> service("missing").pull(req(registry.host() + "/a:nosuch"),
        Progress.NONE)).isInstanceOf(BerthException.NotFound.class)
        .hasMessageStartingWith("manifest for " + registry.host() + "/a:nosuch not found: "
            + "manifest unknown");
  }

  @Test
  void bearerTokensAreFetchedWithTheCredentialsAndRefreshedOn401() throws Exception {
    try (RegistryProxy proxy = new RegistryProxy(registry.host())) {
      proxy.bearerUser = "user";
      proxy.bearerPass = "secret";
      ImageService images = service("bearer");
      AuthConfig good = AuthConfig.basic("user", "secret", proxy.host());
      images.pull(new Puller.Request(Reference.parse(proxy.host() + "/a:1"), good, null),
          Progress.NONE);
      long fetched = proxy.tokenRequests.get();
      assertThat(fetched).isPositive();
      proxy.tokens.clear(); // every token is now refused: the client must fetch a new one
      images.pull(new Puller.Request(Reference.parse(proxy.host() + "/b:1"), good, null),
          Progress.NONE);
      assertThat(proxy.tokenRequests.get()).isGreaterThan(fetched);
      AuthConfig bad = AuthConfig.basic("user", "wrong", proxy.host());
      assertThatThrownBy(() -> service("bearer-bad").pull(new Puller.Request(
          Reference.parse(proxy.host() + "/a:1"), bad, null), Progress.NONE))
          .isInstanceOf(BerthException.Unauthorized.class);
      images.login(good);
      assertThatThrownBy(() -> images.login(bad))
          .isInstanceOf(BerthException.Unauthorized.class);
    }
  }

  @Test
  void basicAuthLoginAndPull() throws Exception {
    Path htpasswd = TestRegistry.htpasswd(dir.resolve("htpasswd"), "user", "pass");
    try (TestRegistry secured = TestRegistry.start(dir.resolve("secured"), htpasswd, null,
        null)) {
      AuthConfig good = AuthConfig.basic("user", "pass", secured.host());
      source.tag(registry.host() + "/a:1", secured.host() + "/a", "1");
      assertThatThrownBy(() -> source.push(secured.host() + "/a:1", null, AuthConfig.ANONYMOUS,
          Progress.NONE)).isInstanceOf(BerthException.Unauthorized.class);
      source.push(secured.host() + "/a:1", null, good, Progress.NONE);
      source.login(good);
      assertThatThrownBy(() -> source.login(AuthConfig.basic("user", "nope", secured.host())))
          .isInstanceOf(BerthException.Unauthorized.class)
          .hasMessage("login attempt to http://" + secured.host()
              + "/v2/ failed with status: 401 Unauthorized");
      ImageService images = service("basic");
      images.pull(new Puller.Request(Reference.parse(secured.host() + "/a:1"), good, null),
          Progress.NONE);
      assertThat(images.list(false, Map.of())).hasSize(1);
    }
  }

  private static void upload(RegistrySession s, byte[] blob) {
    new UploadEndpoint(s).upload(Digest.sha256(blob), blob.length,
        () -> new ByteArrayInputStream(blob));
  }
}
