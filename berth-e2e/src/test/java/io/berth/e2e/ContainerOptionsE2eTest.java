package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: create options beyond {@code docker run}'s happy path, each as Docker 20.10 answers
 * it on the same machine: {@code --group-add}, {@code --device}, {@code --device-cgroup-rule},
 * and what inspect, diff and prune report.
 */
class ContainerOptionsE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    daemon = Berthd.start(dir.resolve("d"));
    Path tar = Images.busybox(dir.resolve("busybox.tar"), "busybox:latest");
    assertThat(Cmd.docker(daemon, "load", "-i", tar.toString()).code()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      docker("rm", "-f", "groups");
      daemon.close();
    }
  }

  private static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  /** Names from the image's /etc/group and plain numbers; exec -u gets them too (moby getUser). */
  @Test
  void groupAddReachesTheProcessAndExecs() throws Exception {
    Cmd.Result run = docker("run", "--rm", "--group-add", "4242", "--group-add", "daemon",
        "busybox", "id", "-G");
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out().trim().split(" ")).containsExactlyInAnyOrder("0", "1", "4242");
    Cmd.Result user = docker("run", "--rm", "-u", "1234", "--group-add", "4242", "busybox",
        "id", "-G");
    assertThat(user.out().trim().split(" ")).containsExactlyInAnyOrder("0", "4242");
    Cmd.Result missing = docker("run", "--rm", "--group-add", "nosuch", "busybox", "true");
    assertThat(missing.code()).isEqualTo(125);
    assertThat(missing.err())
        .contains("Unable to find group nosuch: no matching entries in group file");

    assertThat(docker("run", "-d", "--name", "groups", "--group-add", "4242", "--group-add",
        "daemon", "busybox", "sleep", "600").code()).isZero();
    assertThat(docker("exec", "groups", "id", "-G").out().trim().split(" "))
        .containsExactlyInAnyOrder("0", "1", "4242");
    assertThat(docker("exec", "-u", "nobody", "groups", "id", "-G").out().trim().split(" "))
        .containsExactlyInAnyOrder("65534", "1", "4242");
    assertThat(docker("exec", "-u", "1234:5", "groups", "id", "-G").out().trim().split(" "))
        .containsExactlyInAnyOrder("5", "1", "4242");
    assertThat(docker("inspect", "-f", "{{json .HostConfig.GroupAdd}} {{.HostConfig.Runtime}}",
        "groups").out().trim()).isEqualTo("[\"4242\",\"daemon\"] runc");
    docker("rm", "-f", "groups");
  }

  /**
   * A device node appears where asked and the device cgroup lets it be opened: opening an
   * allowed node with no driver behind it fails with ENXIO, a refused one with EPERM, on cgroup
   * v1 and v2 alike. Char major 60 is reserved for local use: no driver has it.
   */
  @Test
  void devicesAndDeviceCgroupRules() throws Exception {
    Path node = dir.resolve("chr60");
    Cmd.Result mknod = Cmd.run(Map.of(), null, List.of("mknod", node.toString(), "c", "60",
        "7"));
    assertThat(mknod.code()).as(mknod.all()).isZero();
    Cmd.Result dev = docker("run", "--rm", "--device", node + ":/dev/xdev:rw", "busybox", "sh",
        "-c", "ls -ln /dev/xdev; cat /dev/xdev; cat /sys/fs/cgroup/devices/devices.list"
            + " 2>/dev/null | grep ' 60:' || true");
    assertThat(dev.code()).as(dev.all()).isZero();
    assertThat(dev.out()).containsPattern("^c[-rw]{9} +1 0 +0 +60, +7 .*/dev/xdev\n");
    assertThat(dev.err()).contains("No such device or address").doesNotContain("not permitted");
    if (Files.exists(Path.of("/sys/fs/cgroup/devices"))) {
      assertThat(dev.out()).contains("c 60:7 rw\n");
    }

    Cmd.Result rule = docker("run", "--rm", "--device-cgroup-rule", "c 60:1 rwm", "busybox",
        "sh", "-c", "mknod /tmp/a c 60 1; mknod /tmp/b c 60 2; cat /tmp/a; cat /tmp/b");
    assertThat(rule.err()).contains("'/tmp/a': No such device or address")
        .contains("'/tmp/b': Operation not permitted");

    Cmd.Result absent = docker("run", "--rm", "--device", "/dev/nosuchdevice", "busybox", "true");
    assertThat(absent.code()).isNotZero(); // 127: the CLI maps "no such file" to it
    assertThat(absent.err()).contains("error gathering device information while adding custom"
        + " device \"/dev/nosuchdevice\": no such file or directory");
    Cmd.Result file = docker("run", "--rm", "--device", "/etc/passwd", "busybox", "true");
    assertThat(file.err()).contains("\"/etc/passwd\": not a device node");
    docker("container", "prune", "-f");
  }
}
