package io.berth.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.sys.RecordingSyscalls;
import io.berth.sys.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mounter's translation of Mount records into syscalls, against the recording fake. */
class MounterTest {
  private final RecordingSyscalls sys = new RecordingSyscalls();
  private final Mounter mounter = new Mounter(sys);

  @Test
  void readOnlyBindIsBindThenRemount() {
    mounter.mount(List.of(new Mount("bind", "/src", List.of("rbind", "ro"))), Path.of("/t"));
    assertThat(sys.calls("mount")).extracting(c -> c.args()).containsExactly(
        java.util.Arrays.asList("/src", "/t", null, Syscalls.MS_BIND | Syscalls.MS_REC, null),
        java.util.Arrays.asList(null, "/t", null,
            Syscalls.MS_REMOUNT | Syscalls.MS_BIND | Syscalls.MS_BIND | Syscalls.MS_REC
                | Syscalls.MS_RDONLY, null));
  }

  @Test
  void shortOverlayOptionsAreMountedAsGiven() {
    mounter.mount(List.of(new Mount("overlay", "overlay",
        List.of("lowerdir=/s/2/fs:/s/1/fs", "upperdir=/s/3/fs", "workdir=/s/3/work"))),
        Path.of("/t"));
    assertThat(sys.calls()).extracting(RecordingSyscalls.Call::name).containsExactly("mount");
    assertThat(sys.calls("mount").getFirst().args().get(4))
        .isEqualTo("lowerdir=/s/2/fs:/s/1/fs,upperdir=/s/3/fs,workdir=/s/3/work");
  }

  @Test
  void longLowerdirListIsMountedRelativeFromItsCommonDirectory() {
    String base = "/var/lib/a-rather-long-root-directory-for-berth/snapshots";
    List<String> lowers = new ArrayList<>();
    for (int i = 500; i > 0; i--) {
      lowers.add(base + "/" + i + "/fs");
    }
    mounter.mount(List.of(new Mount("overlay", "overlay", List.of(
        "lowerdir=" + String.join(":", lowers), "upperdir=" + base + "/501/fs",
        "workdir=" + base + "/501/work"))), Path.of("/t"));
    assertThat(sys.calls()).extracting(RecordingSyscalls.Call::name)
        .containsExactly("unshare", "chdir", "mount");
    assertThat(sys.calls("chdir").getFirst().args()).containsExactly(base);
    String data = (String) sys.calls("mount").getFirst().args().get(4);
    assertThat(data).startsWith("lowerdir=500/fs:499/fs:").contains(",upperdir=" + base + "/501/fs");
    assertThat(data.length()).isLessThan(Mounter.MAX_OPTIONS);
  }

  @Test
  void optionsThatCannotFitAreInvalid() {
    List<String> lowers = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      lowers.add("/d" + i + "/x" + "y".repeat(10));
    }
    assertThatThrownBy(() -> mounter.mount(List.of(new Mount("overlay", "overlay",
        List.of("lowerdir=" + String.join(":", lowers)))), Path.of("/t")))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("limit");
  }

  @Test
  void failedMountUndoesEarlierOnes() {
    sys.failNext("mount", io.berth.sys.Errno.EPERM);
    List<Mount> two = List.of(new Mount("bind", "/a", List.of("rbind")),
        new Mount("bind", "/b", List.of("rbind")));
    assertThatThrownBy(() -> mounter.mount(two, Path.of("/t")))
        .isInstanceOf(BerthException.Internal.class).hasMessageContaining("EPERM");
    assertThat(sys.calls("umount2")).isEmpty();
  }

  @Test
  void unmountStopsWhenNothingIsMounted() {
    sys.failNext("umount2", io.berth.sys.Errno.EINVAL);
    mounter.unmount(Path.of("/t"));
    assertThat(sys.calls("umount2")).hasSize(1);
  }
}
