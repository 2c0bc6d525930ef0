package io.berth.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.snapshot.SnapshotInfo.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviours every {@link Snapshotter} (that is also a {@link DiffApplier}) has, after
 * containerd's {@code SnapshotterSuite}: the overlay snapshotter and berth-testkit's fake both
 * run it. What only a snapshotter with files and mounts can show (reloads, usage, whiteouts)
 * is in {@code OverlaySnapshotterTest}.
 */
public abstract class SnapshotterContract {
  @TempDir protected Path root;
  protected Snapshotter snapshotter;

  /** A snapshotter on {@code root} (a fresh, empty directory per test). */
  protected abstract Snapshotter open(Path root);

  /** Skips the suite (with the reason) when the host cannot run it. */
  protected void assumePrerequisites() throws IOException {}

  @BeforeEach
  void openSnapshotter() throws IOException {
    assumePrerequisites();
    snapshotter = open(root);
  }

  /** A pull applies layers side by side and stacks them in order at commit. */
  @Test
  void commitOntoStacksALayerPreparedWithoutAParent() {
    snapshotter.prepare("extract-2", null, Map.of());
    snapshotter.prepare("extract-1", null, Map.of());
    assertThatThrownBy(() -> snapshotter.commitOnto("sha256:c2", "extract-2", "sha256:c1",
        Map.of())).isInstanceOf(BerthException.NotFound.class);
    snapshotter.commitOnto("sha256:c1", "extract-1", null, Map.of());
    snapshotter.commitOnto("sha256:c2", "extract-2", "sha256:c1", Map.of());
    assertThat(snapshotter.stat("sha256:c2").parent()).isEqualTo("sha256:c1");
    assertThat(snapshotter.stat("sha256:c2").kind()).isEqualTo(Kind.COMMITTED);
    assertThatThrownBy(() -> snapshotter.remove("sha256:c1"))
        .isInstanceOf(BerthException.Conflict.class);
    snapshotter.prepare("on-c1", "sha256:c1", Map.of());
    assertThatThrownBy(() -> snapshotter.commitOnto("sha256:c3", "on-c1", "sha256:c2",
        Map.of())).isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void lifecycle() {
    snapshotter.prepare("extract-1", null, Map.of("l", "v"));
    assertThat(snapshotter.stat("extract-1").kind()).isEqualTo(Kind.ACTIVE);
    assertThat(snapshotter.stat("extract-1").labels()).containsEntry("l", "v");
    snapshotter.commit("sha256:c1", "extract-1", Map.of());
    assertThat(snapshotter.stat("sha256:c1").kind()).isEqualTo(Kind.COMMITTED);
    assertThatThrownBy(() -> snapshotter.stat("extract-1"))
        .isInstanceOf(BerthException.NotFound.class);

    snapshotter.prepare("container", "sha256:c1", Map.of());
    assertThat(snapshotter.stat("container").parent()).isEqualTo("sha256:c1");
    snapshotter.view("view", "sha256:c1", Map.of());
    assertThat(snapshotter.stat("view").kind()).isEqualTo(Kind.VIEW);
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
  void aLayerIsAppliedWholeIntoAnActiveSnapshotAndNotIntoAnUnknownOne() {
    DiffApplier applier = (DiffApplier) snapshotter;
    byte[] tar = new TarBuilder().dir("etc").file("etc/hostname", "layer\n")
        .symlink("etc/link", "hostname").bytes();
    snapshotter.prepare("layer", null, Map.of());
    assertThat(applier.apply("layer", new java.io.ByteArrayInputStream(tar)))
        .isEqualTo(tar.length);
    snapshotter.commit("sha256:layer", "layer", Map.of());
    assertThat(snapshotter.stat("sha256:layer").kind()).isEqualTo(Kind.COMMITTED);
    assertThatThrownBy(() -> applier.apply("nope", new TarBuilder().stream()))
        .isInstanceOf(BerthException.NotFound.class);
  }
}
