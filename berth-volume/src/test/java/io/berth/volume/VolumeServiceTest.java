package io.berth.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.sys.RecordingSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume store against a temp root and the recording syscall fake. */
class VolumeServiceTest {
  @TempDir Path root;
  private final RecordingSyscalls sys = new RecordingSyscalls();

  private VolumeService service() {
    return new VolumeService(root.resolve("volumes"),
        new LocalVolumeDriver(root.resolve("volumes"), sys));
  }

  @Test
  void createdVolumeHasItsDataDirectoryAndSurvivesAReload() throws Exception {
    VolumeService svc = service();
    Volume v = svc.create("data", "local", Map.of(), Map.of("a", "b"));
    assertThat(v.mountpoint()).isEqualTo(root.resolve("volumes/data/_data").toString());
    Files.writeString(Path.of(v.mountpoint(), "f"), "x");
    assertThat(svc.create("data", null, null, null)).isEqualTo(v);

    VolumeService again = service();
    assertThat(again.get("data")).isEqualTo(v);
    assertThat(Files.readString(Path.of(again.get("data").mountpoint(), "f"))).isEqualTo("x");
  }

  @Test
  void halfCreatedDirectoryIsRemovedOnLoad() throws Exception {
    Files.createDirectories(root.resolve("volumes/half/_data"));
    assertThat(service().find("half")).isEmpty();
    assertThat(root.resolve("volumes/half")).doesNotExist();
  }

  @Test
  void generatedNameIsHexAndInvalidNamesAreRefused() {
    VolumeService svc = service();
    assertThat(svc.create(null, null, null, null).name()).matches("[0-9a-f]{64}");
    assertThat(svc.create("", null, null, null).anonymous()).isTrue();
    assertThatThrownBy(() -> svc.create("a", null, null, null))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("includes invalid characters for a local volume name");
    assertThatThrownBy(() -> svc.create("x/y", null, null, null))
        .isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> svc.create("vv", "nfs-plugin", null, null))
        .isInstanceOf(BerthException.NotFound.class);
    assertThatThrownBy(() -> svc.create("vv", null, Map.of("bogus", "1"), null))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("bogus");
    assertThat(root.resolve("volumes/vv")).doesNotExist();
  }

  @Test
  void removeInUseIsConflictEvenForced() {
    VolumeService svc = service();
    svc.create("used", null, null, null);
    svc.setUsers(n -> n.equals("used") ? List.of("abc") : List.of());
    assertThatThrownBy(() -> svc.remove("used", true))
        .isInstanceOf(BerthException.Conflict.class)
        .hasMessage("remove used: volume is in use - [abc]");
    assertThatThrownBy(() -> svc.remove("nope", false))
        .isInstanceOf(BerthException.NotFound.class).hasMessage("get nope: no such volume");
    svc.remove("nope", true);
    svc.setUsers(n -> List.of());
    svc.remove("used", false);
    assertThat(root.resolve("volumes/used")).doesNotExist();
  }

  @Test
  void listFilters() {
    VolumeService svc = service();
    svc.create("alpha", null, null, Map.of("team", "a"));
    svc.create("beta", null, null, Map.of("team", "b", "x", ""));
    svc.setUsers(n -> n.equals("alpha") ? List.of("c1") : List.of());
    assertThat(svc.list(Map.of("dangling", List.of("true")))).extracting(Volume::name)
        .containsExactly("beta");
    assertThat(svc.list(Map.of("dangling", List.of("false")))).extracting(Volume::name)
        .containsExactly("alpha");
    assertThat(svc.list(Map.of("name", List.of("lph")))).extracting(Volume::name)
        .containsExactly("alpha");
    assertThat(svc.list(Map.of("label", List.of("team=b")))).extracting(Volume::name)
        .containsExactly("beta");
    assertThat(svc.list(Map.of("label", List.of("x")))).extracting(Volume::name)
        .containsExactly("beta");
    assertThat(svc.list(Map.of("driver", List.of("local")))).hasSize(2);
    assertThatThrownBy(() -> svc.list(Map.of("bogus", List.of("1"))))
        .hasMessage("Invalid filter 'bogus'");
  }

  @Test
  void pruneTakesAnonymousUnusedOnlyUnlessAll() {
    VolumeService svc = service();
    svc.create("named", null, null, null);
    Volume anon = svc.create(null, null, null, Map.of(Volume.ANONYMOUS, ""));
    Volume busy = svc.create(null, null, null, Map.of(Volume.ANONYMOUS, ""));
    svc.setUsers(n -> n.equals(busy.name()) ? List.of("c") : List.of());
    assertThat(svc.prune(Map.of(), false).deleted()).containsExactly(anon.name());
    assertThat(svc.list(Map.of())).extracting(Volume::name)
        .containsExactlyInAnyOrder("named", busy.name());
    assertThat(svc.prune(Map.of("all", List.of("true")),
        VolumeService.pruneAll(Map.of("all", List.of("true")))).deleted())
        .containsExactly("named");
  }

  @Test
  void deviceOptionsMountOnceAndUnmountOnRemove() {
    VolumeService svc = service();
    svc.create("tmp", null, Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m,nodev"),
        null);
    svc.mount("tmp");
    assertThat(sys.calls("mount")).extracting(c -> c.args()).containsExactly(
        java.util.Arrays.asList("tmpfs", root.resolve("volumes/tmp/_data").toString(), "tmpfs",
            io.berth.sys.Syscalls.MS_NODEV, "size=1m"));
    assertThatThrownBy(() -> svc.create("bad", null, Map.of("o", "size=1m"), null))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }
}
