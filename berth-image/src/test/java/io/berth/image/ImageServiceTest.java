package io.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.content.LocalContentStore;
import io.berth.image.fake.TestImages;
import io.berth.testkit.FakeSnapshotter;
import io.berth.testkit.MemoryContentStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageServiceTest {
  @TempDir Path root;
  MemoryContentStore content = new MemoryContentStore();
  FakeSnapshotter snapshots = new FakeSnapshotter();
  ImageService images;

  static final byte[] BASE = TestImages.tar(Map.of("bin/sh", "sh", "etc/passwd", "root"));
  static final byte[] APP = TestImages.tar(Map.of("app/run", "run"));
  static final byte[] OTHER = TestImages.tar(Map.of("other", "x"));

  @BeforeEach
  void start() {
    images = new ImageService(root, content, snapshots, snapshots);
  }

  List<String> load(byte[] archive) {
    List<String> out = new ArrayList<>();
    images.load(new ByteArrayInputStream(archive), out::add);
    return out;
  }

  @Test
  void loadsDockerSaveArchiveAndUnpacksEachLayerOnce() {
    var a = TestImages.image(List.of(BASE, APP), "a", List.of("app:1"));
    var b = TestImages.image(List.of(TestImages.gzip(BASE), OTHER), List.of(BASE, OTHER), "b",
        List.of("busybox:latest", "localhost:5000/b:2"));
    List<String> out = load(TestImages.dockerSave(List.of(a, b)));

    assertThat(out).containsExactly("Loaded image: app:1", "Loaded image: busybox:latest",
        "Loaded image: localhost:5000/b:2");
    Digest base = Digest.sha256(BASE);
    assertThat(snapshots.keys()).containsExactlyInAnyOrder(base.toString(),
        ChainIds.next(base, Digest.sha256(APP)).toString(),
        ChainIds.next(base, Digest.sha256(OTHER)).toString());
    assertThat(snapshots.entries(base.toString())).isEqualTo(2);
    assertThat(snapshots.calls.stream().filter(c -> c.startsWith("apply"))).hasSize(3);

    ImageView v = images.inspect("busybox");
    assertThat(v.record().id()).isEqualTo(b.id());
    assertThat(v.repoTags()).containsExactly("busybox:latest", "localhost:5000/b:2");
    assertThat(v.config().runConfig().cmd()).containsExactly("b");
    assertThat(images.configBytes(b.id())).isEqualTo(b.config());
    assertThat(images.list(false, Map.of())).hasSize(2);
    assertThat(images.list(false, Map.of("reference", List.of("busy*")))).singleElement()
        .satisfies(i -> assertThat(i.record().id()).isEqualTo(b.id()));
    assertThat(images.list(false, Map.of("label", List.of("app=a")))).hasSize(1);
  }

  @Test
  void sharedLayersStayUntilTheLastImageGoes() {
    var a = TestImages.image(List.of(BASE, APP), "a", List.of("a:1"));
    var b = TestImages.image(List.of(BASE, OTHER), "b", List.of("b:1"));
    load(TestImages.dockerSave(List.of(a, b)));

    List<ImageRemover.Deleted> gone = images.remove("a:1", false, false);
    assertThat(gone.getFirst()).isEqualTo(new ImageRemover.Deleted("a:1", null));
    assertThat(gone).contains(new ImageRemover.Deleted(null, a.id().toString()));
    assertThat(snapshots.keys()).contains(Digest.sha256(BASE).toString()).hasSize(2);

    images.remove("b:1", false, false);
    assertThat(snapshots.keys()).isEmpty();
    assertThat(content.size()).isZero();
    assertThat(images.list(true, Map.of())).isEmpty();
  }

  @Test
  void removeUntagsByNameAndRefusesIdWithManyRepositories() {
    var a = TestImages.image(List.of(BASE), "a", List.of("a:1", "b:1"));
    load(TestImages.dockerSave(List.of(a)));

    assertThat(images.remove("a:1", false, false))
        .containsExactly(new ImageRemover.Deleted("a:1", null));
    images.tag("b:1", "c", "2");
    assertThatThrownBy(() -> images.remove(a.id().hex().substring(0, 12), false, false))
        .isInstanceOf(BerthException.Conflict.class)
        .hasMessage("conflict: unable to delete " + a.id().shortHex()
            + " (must be forced) - image is referenced in multiple repositories");
    assertThat(images.remove(a.id().toString(), true, false)).startsWith(
        new ImageRemover.Deleted("b:1", null), new ImageRemover.Deleted("c:2", null),
        new ImageRemover.Deleted(null, a.id().toString()));
    assertThatThrownBy(() -> images.inspect("b:1")).isInstanceOf(BerthException.NotFound.class)
        .hasMessage("No such image: b:1");
    assertThat(snapshots.keys()).isEmpty();
  }

  @Test
  void diffIdMismatchFailsAndLeavesNothing() {
    var good = TestImages.image(List.of(BASE), "a", List.of("a:1"));
    var bad = new TestImages.Image(List.of(OTHER), good.config(), List.of("a:1"));
    assertThatThrownBy(() -> load(TestImages.dockerSave(List.of(bad))))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("diff ID");
    assertThat(snapshots.keys()).isEmpty();
    assertThat(content.size()).isZero();
  }

  @Test
  void hostileLayerFailsAndLeavesNothingUnreferenced() {
    load(TestImages.dockerSave(List.of(TestImages.image(List.of(BASE), "keep", List.of("k:1")))));
    Map<String, byte[]> evil = new LinkedHashMap<>();
    evil.put("../../etc/evil", "x".getBytes(StandardCharsets.UTF_8));
    byte[] evilLayer = TestImages.rawTar(evil);
    var img = TestImages.image(List.of(APP, evilLayer), "evil", List.of("evil:1"));
    int blobsBefore = content.size();

    assertThatThrownBy(() -> load(TestImages.dockerSave(List.of(img))))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("escapes");
    assertThat(snapshots.keys()).containsExactly(Digest.sha256(BASE).toString());
    assertThat(content.size()).isEqualTo(blobsBefore);
  }

  @Test
  void largeLayersStreamIntoTheStoreAndLeaveNoIngestBehind() throws Exception {
    LocalContentStore local = new LocalContentStore(root.resolve("local"));
    ImageService onDisk = new ImageService(root, local, snapshots, snapshots);
    byte[] big = TestImages.tar(Map.of("big", "x".repeat((int) ArchiveSpool.SMALL + 1)));
    var a = TestImages.image(List.of(BASE, big), "a", List.of("a:1"));
    Map<String, byte[]> files = untar(TestImages.dockerSave(List.of(a)));
    files.put("unused/layer.tar", OTHER);
    files.put("unused-big/layer.tar", big.clone());
    files.put("manifest.json", files.remove("manifest.json")); // docker save writes it last

    onDisk.load(new ByteArrayInputStream(TestImages.rawTar(files)), line -> { });
    List<Digest> blobs = new ArrayList<>();
    local.walk(b -> blobs.add(b.digest()));
    assertThat(blobs).containsExactlyInAnyOrder(a.id(), Digest.sha256(BASE), Digest.sha256(big));
    assertThat(snapshots.keys()).hasSize(2);

    byte[] bigY = TestImages.tar(Map.of("big", "y".repeat((int) ArchiveSpool.SMALL + 1)));
    byte[] bigZ = TestImages.tar(Map.of("big", "z".repeat((int) ArchiveSpool.SMALL + 1)));
    var bad = new TestImages.Image(List.of(BASE, bigY),
        TestImages.image(List.of(BASE, bigZ), "b", List.of("b:1")).config(), List.of("b:1"));
    Map<String, byte[]> badFiles = untar(TestImages.dockerSave(List.of(bad)));
    assertThatThrownBy(() -> onDisk.load(new ByteArrayInputStream(TestImages.rawTar(badFiles)),
        line -> { })).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("diff ID");
    List<Digest> after = new ArrayList<>();
    local.walk(b -> after.add(b.digest()));
    assertThat(after).containsExactlyInAnyOrderElementsOf(blobs);
    assertThat(snapshots.keys()).hasSize(2);
    try (var ingests = Files.list(root.resolve("local/content/ingest"))) {
      assertThat(ingests).isEmpty();
    }
  }

  @Test
  void hostileArchivePathIsRefused() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("../escape.json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> load(TestImages.rawTar(files)))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("outside the archive");
  }

  @Test
  void saveRoundTripsIdsAndWritesDockerAndOciLayouts() throws Exception {
    var a = TestImages.image(List.of(TestImages.gzip(BASE), APP), List.of(BASE, APP), "a",
        List.of("a:1"));
    load(TestImages.dockerSave(List.of(a)));
    ByteArrayOutputStream saved = new ByteArrayOutputStream();
    images.save(images.planSave(List.of("a:1")), saved);

    Map<String, byte[]> files = untar(saved.toByteArray());
    assertThat(files).containsKeys("manifest.json", "index.json", "oci-layout", "repositories",
        "blobs/sha256/" + a.id().hex(), "blobs/sha256/" + Digest.sha256(BASE).hex());
    assertThat(files.get("blobs/sha256/" + Digest.sha256(BASE).hex())).isEqualTo(BASE);
    assertThat(new String(files.get("manifest.json"), StandardCharsets.UTF_8)).isEqualTo(
        "[{\"Config\":\"blobs/sha256/" + a.id().hex() + "\",\"RepoTags\":[\"a:1\"],\"Layers\":"
            + "[\"blobs/sha256/" + Digest.sha256(BASE).hex() + "\",\"blobs/sha256/"
            + Digest.sha256(APP).hex() + "\"]}]");

    images.remove("a:1", false, false);
    assertThat(snapshots.keys()).isEmpty();
    assertThat(load(saved.toByteArray())).containsExactly("Loaded image: a:1");
    assertThat(images.inspect("a:1").record().id()).isEqualTo(a.id());

    images.remove("a:1", false, false);
    files.remove("manifest.json");
    assertThat(load(TestImages.rawTar(files))).containsExactly("Loaded image: a:1");
    assertThat(images.inspect("a:1").record().id()).isEqualTo(a.id());
  }

  @Test
  void importAppliesChangesAndSurvivesRestart() {
    Digest id = images.importImage(new ByteArrayInputStream(TestImages.gzip(BASE)),
        new ImageImporter.Request("imp", "v1", List.of("CMD [\"sh\"]", "ENV a=b c=\"d e\"",
            "WORKDIR /w", "EXPOSE 80", "LABEL x=y", "USER nobody"), "hello", "-"));
    images = new ImageService(root, content, snapshots, snapshots);
    ImageView v = images.inspect("imp:v1");
    assertThat(v.record().id()).isEqualTo(id);
    var c = v.config().runConfig();
    assertThat(c.cmd()).containsExactly("sh");
    assertThat(c.env()).containsExactly("a=b", "c=d e");
    assertThat(c.workingDir()).isEqualTo("/w");
    assertThat(c.exposedPorts()).containsOnlyKeys("80/tcp");
    assertThat(c.labels()).containsEntry("x", "y");
    assertThat(c.user()).isEqualTo("nobody");
    assertThat(v.config().diffIds()).containsExactly(Digest.sha256(BASE).toString());
    assertThat(images.history("imp:v1")).singleElement()
        .satisfies(h -> assertThat(h.comment()).isEqualTo("hello"));
    assertThatThrownBy(() -> images.importImage(new ByteArrayInputStream(BASE),
        new ImageImporter.Request(null, null, List.of("RUN x"), null, "-")))
        .hasMessage("RUN is not a valid change command");
  }

  @Test
  void pruneRemovesDanglingOnlyUnlessAll() {
    var a = TestImages.image(List.of(BASE), "a", List.of("a:1"));
    var b = TestImages.image(List.of(APP), "b", List.of());
    load(TestImages.dockerSave(List.of(a, b)));
    assertThat(images.list(false, Map.of("dangling", List.of("true")))).hasSize(1);

    PruneReport r = images.prune(Map.of());
    assertThat(r.deleted()).contains(new ImageRemover.Deleted(null, b.id().toString()));
    assertThat(r.spaceReclaimed()).isEqualTo(APP.length);
    assertThat(images.list(true, Map.of())).hasSize(1);
    images.prune(Map.of("dangling", List.of("false")));
    assertThat(images.list(true, Map.of())).isEmpty();
    assertThat(snapshots.keys()).isEmpty();
    assertThatThrownBy(() -> images.prune(Map.of("bogus", List.of("1"))))
        .hasMessage("Invalid filter 'bogus'");
  }

  @Test
  void historyIsNewestFirstWithIdOnTop() {
    var a = TestImages.image(List.of(BASE, APP), "a", List.of("a:1"));
    load(TestImages.dockerSave(List.of(a)));
    List<HistoryEntry> h = images.history("a:1");
    assertThat(h).hasSize(3);
    assertThat(h.getFirst().id()).isEqualTo(a.id().toString());
    assertThat(h.getFirst().tags()).containsExactly("a:1");
    assertThat(h.getFirst().size()).isZero();
    assertThat(h.get(1).id()).isEqualTo("<missing>");
    assertThat(h.get(1).size()).isEqualTo(APP.length);
    DiskUsage df = images.diskUsage();
    assertThat(df.layersSize()).isEqualTo(BASE.length + APP.length);
  }

  static Map<String, byte[]> untar(byte[] data) throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(data))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.isDirectory()) {
          out.put(e.getName(), in.readAllBytes());
        }
      }
    }
    return out;
  }
}
