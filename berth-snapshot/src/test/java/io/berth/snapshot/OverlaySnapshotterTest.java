package io.berth.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract against real overlayfs, as root, in a temp root, and what only a snapshotter with
 * files and mounts shows: reloads, usage, whiteouts, deep chains.
 */
class OverlaySnapshotterTest extends SnapshotterContract {
  private final LinuxSyscalls sys = new LinuxSyscalls();
  private final Mounter mounter = new Mounter(sys);

  @Override
  protected void assumePrerequisites() throws IOException {
    Privileges.assumeOverlay();
  }

  @Override
  protected Snapshotter open(Path root) {
    return new OverlaySnapshotter(root, sys);
  }

  private void mount(List<Mount> mounts, Path target) {
    mounter.mount(mounts, target);
  }

  private void unmount(Path target) {
    mounter.unmount(target);
  }

  @Test
  void layoutOnDisk() {
    List<Mount> mounts = snapshotter.prepare("a", null, Map.of());
    Path n = root.resolve("snapshots/1");
    assertThat(n.resolve("fs")).isEmptyDirectory();
    assertThat(n.resolve("work")).isEmptyDirectory();
    assertThat(n.resolve("metadata.properties")).content().contains("key=a", "kind=ACTIVE");
    assertThat(mounts).containsExactly(new Mount("bind", n.resolve("fs").toString(),
        List.of("rbind", "rw")));
    snapshotter.commit("sha256:c", "a", Map.of());
    assertThat(snapshotter.prepare("b", "sha256:c", Map.of())).containsExactly(
        new Mount("overlay", "overlay", List.of("lowerdir=" + n.resolve("fs"),
            "upperdir=" + root.resolve("snapshots/2/fs"),
            "workdir=" + root.resolve("snapshots/2/work"))));
  }

  @Test
  void interruptedCreateIsSweptOnReload() throws IOException {
    snapshotter.prepare("a", null, Map.of());
    Files.createDirectories(root.resolve("snapshots/7/fs")); // no metadata: a crash mid-prepare
    Snapshotter reopened = open(root);
    assertThat(root.resolve("snapshots/7")).doesNotExist();
    reopened.prepare("b", null, Map.of());
    assertThat(root.resolve("snapshots/8/metadata.properties")).exists(); // ids never reused
  }

  @Test
  void leavesNoMountBehind() throws IOException {
    Path target = Files.createDirectories(root.resolve("m"));
    mounter.mount(snapshotter.prepare("a", null, Map.of()), target);
    assertThat(Privileges.mountedUnder(target)).isTrue();
    mounter.unmount(target);
    assertThat(Privileges.mountedUnder(root)).isFalse();
  }

  private final List<Path> mounted = new ArrayList<>();

  @AfterEach
  void unmountAll() {
    for (Path target : mounted.reversed()) {
      unmount(target);
    }
  }

  private Path mountAt(String name, List<Mount> mounts) throws IOException {
    Path target = Files.createDirectories(root.resolve("mnt").resolve(name));
    mount(mounts, target);
    mounted.add(target);
    return target;
  }

  private String layer(String key, String parent, String chain, TarBuilder tar) {
    snapshotter.prepare(key, parent, Map.of());
    ((DiffApplier) snapshotter).apply(key, tar.stream());
    snapshotter.commit(chain, key, Map.of("layer", chain));
    return chain;
  }

  @Test
  void mountTypes() {
    assertThat(snapshotter.prepare("extract-1", null, Map.of())).singleElement()
        .extracting(Mount::type).isEqualTo("bind");
    snapshotter.commit("sha256:c1", "extract-1", Map.of());
    assertThat(snapshotter.prepare("container", "sha256:c1", Map.of())).singleElement()
        .extracting(Mount::type).isEqualTo("overlay");
    assertThat(snapshotter.view("view", "sha256:c1", Map.of())).singleElement()
        .satisfies(m -> assertThat(m.options()).contains("ro"));
  }

  @Test
  void stateSurvivesReopening() {
    layer("x1", null, "sha256:c1", new TarBuilder().file("f", "1"));
    snapshotter.prepare("container", "sha256:c1", Map.of("app", "web"));
    List<Mount> before = snapshotter.mounts("container");

    Snapshotter reopened = open(root);
    assertThat(reopened.stat("container").labels()).containsEntry("app", "web");
    assertThat(reopened.stat("sha256:c1").labels()).containsEntry("layer", "sha256:c1");
    assertThat(reopened.mounts("container")).isEqualTo(before);
    reopened.prepare("another", "sha256:c1", Map.of());
    assertThat(reopened.mounts("another")).isNotEqualTo(before);
    assertThatThrownBy(() -> reopened.remove("sha256:c1")).isInstanceOf(BerthException.Conflict.class);
  }

  @Test
  void usageCountsTheSnapshotsOwnFiles() {
    layer("x1", null, "sha256:c1", new TarBuilder().dir("d/").file("d/f", "x".repeat(1000))
        .hardlink("d/h", "d/f"));
    Usage usage = snapshotter.usage("sha256:c1");
    assertThat(usage.size()).isEqualTo(1000);
    assertThat(usage.inodes()).isEqualTo(3); // fs, d, f (h is f)
    snapshotter.prepare("c", "sha256:c1", Map.of());
    assertThat(snapshotter.usage("c")).isEqualTo(new Usage(0, 1));
  }

  @Test
  void overlayOfTwoLayersWithWhiteoutAndOpaqueDir() throws IOException {
    String c1 = layer("x1", null, "sha256:c1", new TarBuilder()
        .file("a/x", "x").file("a/y", "y").file("d/old", "old").file("keep", "k"));
    String c2 = layer("x2", c1, "sha256:c2", new TarBuilder()
        .file("a/.wh.x", "").dir("d/").file("d/.wh..wh..opq", "").file("d/new", "new"));

    Path rootfs = mountAt("container", snapshotter.prepare("container", c2, Map.of()));
    assertThat(rootfs.resolve("a/x")).doesNotExist();
    assertThat(rootfs.resolve("a/y")).hasContent("y");
    assertThat(rootfs.resolve("d/old")).doesNotExist();
    assertThat(rootfs.resolve("d/new")).hasContent("new");
    assertThat(rootfs.resolve("keep")).hasContent("k");
    Files.writeString(rootfs.resolve("written"), "by the container");
    Files.delete(rootfs.resolve("keep"));

    Path view = mountAt("view", snapshotter.view("view", c2, Map.of()));
    assertThat(view.resolve("keep")).hasContent("k"); // the container's delete stays in its upper
    assertThat(view.resolve("written")).doesNotExist();
    assertThat(view.resolve("a/x")).doesNotExist();
    assertThatThrownBy(() -> Files.writeString(view.resolve("nope"), "ro"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void bindMountsForEmptyParentAndSingleLayerView() throws IOException {
    String c1 = layer("x1", null, "sha256:c1", new TarBuilder().file("f", "one"));
    Path rw = mountAt("rw", snapshotter.prepare("scratch", null, Map.of()));
    Files.writeString(rw.resolve("new"), "w");
    Path ro = mountAt("ro", snapshotter.view("v", c1, Map.of()));
    assertThat(ro.resolve("f")).hasContent("one");
    assertThatThrownBy(() -> Files.writeString(ro.resolve("nope"), "ro"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void chainOf128LayersMounts() throws IOException {
    String parent = null;
    for (int i = 0; i < 128; i++) {
      parent = layer("extract-" + i, parent, "sha256:chain" + i,
          new TarBuilder().file("layers/f" + i, Integer.toString(i)));
    }
    Path rootfs = mountAt("big", snapshotter.prepare("container", parent, Map.of()));
    for (int i = 0; i < 128; i++) {
      assertThat(rootfs.resolve("layers/f" + i)).hasContent(Integer.toString(i));
    }
    Path view = mountAt("bigview", snapshotter.view("view", parent, Map.of()));
    try (var files = Files.list(view.resolve("layers"))) {
      assertThat(files).hasSize(128);
    }
  }
}
