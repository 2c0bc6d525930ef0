package io.berth.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.berth.oci.OciJson;
import io.berth.testkit.Golden;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case's spec, compared as a JSON tree with {@code src/test/resources/spec-golden/<name>.json}.
 * Run with {@code BERTH_UPDATE_GOLDEN=1} (environment or system property) to rewrite the files,
 * then review the diff.
 */
class SpecGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/spec-golden");
  /** --memory 32m --memory-reservation 16m --memory-swappiness 10 --oom-kill-disable
   * --cpus 0.5 --cpu-shares 512 --cpuset-cpus 0-1 --cpuset-mems 0 --pids-limit 20
   * --blkio-weight 300 --blkio-weight-device /dev/sda:200 --device-read-bps /dev/sda:1mb
   * --device-write-iops /dev/sda:100 (MemorySwap as create adapts it: twice the memory). */
  private static final ResourceLimits LIMITS = new ResourceLimits(32L << 20, 64L << 20,
      16L << 20, 10L, true, 500_000_000L, 512, 0, 0, "0-1", "0", 20L, 300,
      List.of(new ResourceLimits.DeviceWeight(8, 0, 200)),
      List.of(new ResourceLimits.DeviceRate(8, 0, 1L << 20)), null, null,
      List.of(new ResourceLimits.DeviceRate(8, 0, 100)));

  static Stream<Arguments> cases() {
    return Stream.of(
        golden("busybox-sh", b -> { }),
        golden("entrypoint-with-image-cmd-dropped", b -> b.entrypoint = List.of("/bin/echo")),
        golden("entrypoint-and-cmd", b -> {
          b.imageEntrypoint = List.of("/docker-entrypoint.sh");
          b.cmd = List.of("nginx", "-g", "daemon off;");
        }),
        golden("empty-entrypoint-keeps-image-cmd", b -> {
          b.imageEntrypoint = List.of("/docker-entrypoint.sh");
          b.entrypoint = List.of("");
        }),
        golden("user-name-group", b -> {
          b.user = "app:www-data";
          b.workingDir = "/home/app";
          b.env = List.of("FOO=bar", "PATH=/opt/bin:/usr/bin");
        }),
        golden("user-supplementary-groups", b -> b.imageUser = "app"),
        golden("privileged", b -> b.privileged = true),
        golden("cap-add-all-drop", b -> {
          b.capAdd = List.of("ALL");
          b.capDrop = List.of("sys_admin", "CAP_NET_ADMIN");
        }),
        golden("cap-add-drop", b -> {
          b.capAdd = List.of("net_admin", "SYS_PTRACE");
          b.capDrop = List.of("mknod", "NET_RAW");
        }),
        golden("readonly-rootfs", b -> b.readonlyRootfs = true),
        golden("host-pid-ipc-uts", b -> {
          b.pidMode = "host";
          b.ipcMode = "host";
          b.utsMode = "host";
        }),
        golden("host-network-cgroup-v1", b -> {
          b.hostNetwork = true;
          b.cgroupVersion = 1;
        }),
        golden("tty", b -> b.tty = true),
        golden("init", b -> b.init = true),
        golden("ulimits", b -> b.ulimits = List.of(new HostSettings.Ulimit("nofile", 1024, 4096),
            new HostSettings.Ulimit("core", -1, -1))),
        golden("sysctls-domainname", b -> {
          b.sysctls = Map.of("net.core.somaxconn", "1024", "kernel.shmmax", "68719476736");
          b.domainname = "example.org";
        }),
        golden("tmpfs-and-shm", b -> {
          b.tmpfs = Map.of("/run", "size=64m,exec", "/tmp", "");
          b.shmSize = 128L * 1024 * 1024;
        }),
        golden("bind-mounts", b -> b.mounts.addAll(List.of(
            HostSettings.BindMount.of("/srv/data/cache", "/data/cache", false),
            HostSettings.BindMount.of("/srv/config", "/etc/app", true),
            HostSettings.BindMount.of("/srv/data", "/data", false)))),
        golden("limits-cgroup-v1", b -> {
          b.cgroupVersion = 1;
          b.limits = LIMITS;
        }),
        golden("limits-cgroup-v2", b -> b.limits = LIMITS),
        golden("cpu-period-quota-pids-unlimited", b -> b.limits = new ResourceLimits(0, 0, 0,
            null, null, 0, 0, 50_000, 25_000, null, null, 0L, 0, null, null, null, null, null)),
        golden("no-new-privileges-unconfined", b -> b.securityOpt =
            List.of("no-new-privileges", "seccomp=unconfined", "systempaths=unconfined")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGolden(String name, Consumer<InputBuilder> setup) throws IOException {
    InputBuilder builder = new InputBuilder();
    setup.accept(builder);
    // Why parse the written bytes: valueToTree keeps Java's number types (LongNode), which never
    // equal the IntNodes read from a file.
    JsonNode actual = OciJson.MAPPER.readTree(OciJson.write(SpecGenerator.generate(builder.build())));
    Path file = DIR.resolve(name + ".json");
    JsonNode expected = OciJson.MAPPER.readTree(Golden.expected(file, pretty(actual) + "\n"));
    if (!actual.equals(expected)) {
      // Pretty strings give a readable diff; the trees decide, so key order never matters.
      assertThat(pretty(actual)).as(name).isEqualTo(pretty(expected));
    }
  }

  private static String pretty(JsonNode node) throws IOException {
    return OciJson.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
  }

  private static Arguments golden(String name, Consumer<InputBuilder> setup) {
    return Arguments.of(name, setup);
  }
}
