package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.engine.fake.TestEngine;
import io.berth.volume.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount points at create, volume usage, rm -v and undo of a failed create, on fakes. */
class ContainerVolumesTest {
  @TempDir Path dir;
  TestEngine t;

  @BeforeEach
  void setUp() throws Exception {
    t = new TestEngine(dir);
  }

  private Container create(String name, String config, String host) {
    return t.service.create(TestEngine.request(name, config, host));
  }

  @Test
  void bindsMountsAndImageVolumesBecomeMountPointsAsDockerReportsThem() {
    Path src = dir.resolve("src");
    Container c = create("mm", "{\"Image\":\"busybox\",\"Volumes\":{\"/anon\":{}}}",
        "{\"Binds\":[\"named:/data\",\"" + src + ":/host:ro\",\"/data2\"],"
            + "\"Mounts\":[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":"
            + "{\"SizeBytes\":1048576,\"Mode\":448}},{\"Type\":\"volume\",\"Source\":\"opt\","
            + "\"Target\":\"/o\",\"ReadOnly\":true,\"VolumeOptions\":{\"NoCopy\":true}}]}");
    Map<String, MountPoint> byDest = new java.util.HashMap<>();
    c.mountPoints().forEach(m -> byDest.put(m.destination(), m));
    MountPoint named = byDest.get("/data");
    assertThat(named.type()).isEqualTo("volume");
    assertThat(named.name()).isEqualTo("named");
    assertThat(named.mode()).isEqualTo("z");
    assertThat(named.source()).isEqualTo(t.volumes.get("named").mountpoint());
    assertThat(named.anonymous()).isFalse();
    MountPoint bind = byDest.get("/host");
    assertThat(bind.type()).isEqualTo("bind");
    assertThat(bind.rw()).isFalse();
    assertThat(bind.mode()).isEqualTo("ro");
    assertThat(bind.propagation()).isEqualTo("rprivate");
    assertThat(bind.createSource()).isTrue();
    assertThat(byDest.get("/data2").anonymous()).isTrue();
    assertThat(byDest.get("/anon").anonymous()).isTrue();
    assertThat(byDest.get("/anon").mode()).isEmpty();
    assertThat(byDest.get("/t").tmpfsOptions()).isEqualTo("size=1048576,mode=700");
    assertThat(byDest.get("/o").rw()).isFalse();
    assertThat(byDest.get("/o").noCopy()).isTrue();
    assertThat(t.volumes.list(Map.of())).hasSize(4);
    assertThat(t.volumes.list(Map.of("dangling", List.of("true")))).isEmpty();

    assertThatThrownBy(() -> t.volumes.remove("named", false))
        .isInstanceOf(BerthException.Conflict.class)
        .hasMessage("remove named: volume is in use - [" + c.id() + "]");

    // the record survives a restart with its mount points
    t.restart();
    assertThat(t.service.inspect("mm").container().mountPoints()).isEqualTo(c.mountPoints());

    assertThat(t.service.list(true, -1, Map.of("volume", List.of("named")))).hasSize(1);
    assertThat(t.service.list(true, -1, Map.of("volume", List.of("/host")))).hasSize(1);
    assertThat(t.service.list(true, -1, Map.of("volume", List.of("other")))).isEmpty();
    t.service.remove("mm", false, true);
    assertThat(t.volumes.list(Map.of())).extracting(Volume::name)
        .containsExactlyInAnyOrder("named", "opt");
  }

  @Test
  void failedCreateRemovesTheVolumesItMade() {
    t.volumes.create("kept", null, null, null);
    assertThatThrownBy(() -> create("ff", "{\"Image\":\"busybox\",\"Volumes\":{\"/a\":{}}}",
        "{\"Binds\":[\"kept:/k\",\"fresh:/f\"],\"Mounts\":[{\"Type\":\"bind\","
            + "\"Source\":\"/nonexistent-berth-src\",\"Target\":\"/b\"}]}"))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid mount config for type \"bind\": bind source path does not exist:"
            + " /nonexistent-berth-src");
    assertThatThrownBy(() -> create("ff", "{\"Image\":\"busybox\",\"Volumes\":{\"/a\":{}}}",
        "{\"Binds\":[\"kept:/k\",\"fresh:/f\",\"/x:/k\"]}"))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("Duplicate mount point: /k");
    assertThat(t.volumes.list(Map.of())).extracting(Volume::name).containsExactly("kept");
    assertThat(t.service.list(true, -1, Map.of())).isEmpty();
  }

  @Test
  void volumesFromCopiesMountPointsReadOnlyOnRequestAndAutoRemoveDropsAnonymous()
      throws Exception {
    Container a = create("aa", "{\"Image\":\"busybox\"}", "{\"Binds\":[\"/v\",\"n1:/n\"]}");
    Container b = create("bb", "{\"Image\":\"busybox\"}", "{\"VolumesFrom\":[\"aa:ro\"]}");
    assertThat(b.mountPoints()).extracting(MountPoint::destination)
        .containsExactlyInAnyOrder("/v", "/n");
    assertThat(b.mountPoints()).allMatch(m -> !m.rw() && m.mode().isEmpty());
    String anon = a.mountPoints().stream().filter(MountPoint::anonymous).findFirst().orElseThrow()
        .name();
    t.service.remove("aa", false, true); // still used by b: kept
    assertThat(t.volumes.find(anon)).isPresent();
    t.service.remove("bb", false, true);
    assertThat(t.volumes.find(anon)).isEmpty();
    assertThat(t.volumes.find("n1")).isPresent();
    assertThatThrownBy(() -> create("cc", "{\"Image\":\"busybox\"}",
        "{\"VolumesFrom\":[\"nope\"]}")).isInstanceOf(BerthException.NotFound.class);
  }

  @Test
  void specSyntaxErrorsUseDockerTexts() {
    assertThatThrownBy(() -> MountSpecs.bind("a:b:c:d"))
        .hasMessage("invalid volume specification: 'a:b:c:d'");
    assertThatThrownBy(() -> MountSpecs.bind("/a:rel"))
        .hasMessageContaining("mount path must be absolute");
    assertThatThrownBy(() -> MountSpecs.bind("/a:/b:bogus")).hasMessage("invalid mode: bogus");
    assertThat(MountSpecs.bind("/a:/b:ro,Z").rw()).isFalse();
    assertThat(MountSpecs.bind("v:/b:nocopy").noCopy()).isTrue();
    assertThat(MountSpecs.bind("/a:/b:rshared").propagation()).isEqualTo("rshared");
    assertThatThrownBy(() -> MountSpecs.mount(MountSpec.of("tmpfs", "x", "/t",
        false))).hasMessage("invalid mount config for type \"tmpfs\": field Source must"
            + " not be specified");
    assertThat(Files.exists(Path.of("/nonexistent-berth-src"))).isFalse();
  }
}
