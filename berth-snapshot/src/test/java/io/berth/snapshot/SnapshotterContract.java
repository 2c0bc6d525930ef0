package io.berth.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.snapshot.SnapshotInfo.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviours every {@link Snapshotter} (that is also a {@link DiffApplier}) has, after
 * containerd's {@code SnapshotterSuite}. Subclasses say how to open one and how to mount.
 */
public abstract class SnapshotterContract {
  @TempDir protected Path root;
  protected Snapshotter snapshotter;
  private final List<Path> mounted = new ArrayList<>();

  /** A snapshotter on {@code root}; called again on the same root to test reloads. */
  protected abstract Snapshotter open(Path root);

  protected abstract void mount(List<Mount> mounts, Path target);

  protected abstract void unmount(Path target);

  /** Skips the suite (with the reason) when the host cannot run it. */
  protected void assumePrerequisites() throws IOException {}

  @BeforeEach
  void openSnapshotter() throws IOException {
    assumePrerequisites();
    snapshotter = open(root);
  }

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
  void lifecycle() {
    List<Mount> first = snapshotter.prepare("extract-1", null, Map.of("l", "v"));
    assertThat(first).singleElement().extracting(Mount::type).isEqualTo("bind");
    assertThat(snapshotter.stat("extract-1").kind()).isEqualTo(Kind.ACTIVE);
    assertThat(snapshotter.stat("extract-1").labels()).containsEntry("l", "v");
    snapshotter.commit("sha256:c1", "extract-1", Map.of());
    assertThat(snapshotter.stat("sha256:c1").kind()).isEqualTo(Kind.COMMITTED);
    assertThatThrownBy(() -> snapshotter.stat("extract-1"))
        .isInstanceOf(BerthException.NotFound.class);

    assertThat(snapshotter.prepare("container", "sha256:c1", Map.of())).singleElement()
        .extracting(Mount::type).isEqualTo("overlay");
    assertThat(snapshotter.stat("container").parent()).isEqualTo("sha256:c1");
    assertThat(snapshotter.view("view", "sha256:c1", Map.of())).singleElement()
        .satisfies(m -> assertThat(m.options()).contains("ro"));
    assertThat(snapshotter.mounts("container")).isEqualTo(snapshotter.mounts("container"));

    List<String> keys = new ArrayList<>();
    snapshotter.walk(i -> keys.add(i.key()));
    assertThat(keys).containsExactlyInAnyOrder("sha256:c1", "container", "view");

    assertThatThrownBy(() -> snapshotter.remove("sha256:c1"))
        .isInstanceOf(BerthException.Conflict.class).hasMessageContaining("child");
    snapshotter.remove("container");
    snapshotter.remove("view");
    snapshotter.remove("sha256:c1");
    snapshotter.walk(i -> keys.add("left: " + i.key()));
    assertThat(keys).hasSize(3);
  }

  @Test
  void errors() {
    assertThatThrownBy(() -> snapshotter.stat("nope")).isInstanceOf(BerthException.NotFound.class);
    assertThatThrownBy(() -> snapshotter.mounts("nope")).isInstanceOf(BerthException.NotFound.class);
    assertThatThrownBy(() -> snapshotter.remove("nope")).isInstanceOf(BerthException.NotFound.class);
    assertThatThrownBy(() -> snapshotter.usage("nope")).isInstanceOf(BerthException.NotFound.class);
    assertThatThrownBy(() -> snapshotter.prepare("a", "nope", Map.of()))
        .isInstanceOf(BerthException.NotFound.class);
    snapshotter.prepare("a", null, Map.of());
    assertThatThrownBy(() -> snapshotter.prepare("a", null, Map.of()))
        .isInstanceOf(BerthException.Conflict.class);
    assertThatThrownBy(() -> snapshotter.prepare("b", "a", Map.of()))
        .isInstanceOf(BerthException.InvalidArgument.class); // parent not committed
    snapshotter.prepare("b", null, Map.of());
    snapshotter.commit("c", "a", Map.of());
    assertThatThrownBy(() -> snapshotter.commit("c", "b", Map.of()))
        .isInstanceOf(BerthException.Conflict.class);
    assertThatThrownBy(() -> snapshotter.commit("d", "c", Map.of()))
        .isInstanceOf(BerthException.InvalidArgument.class); // not active
    assertThatThrownBy(() -> ((DiffApplier) snapshotter).apply("c", new TarBuilder().stream()))
        .isInstanceOf(BerthException.InvalidArgument.class);
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
