package io.berth.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract against real overlayfs, as root, in a temp root. */
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

  @Override
  protected void mount(List<Mount> mounts, Path target) {
    mounter.mount(mounts, target);
  }

  @Override
  protected void unmount(Path target) {
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
}
