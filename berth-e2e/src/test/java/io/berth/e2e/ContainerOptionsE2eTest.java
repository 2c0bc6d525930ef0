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
    Images.loadBusybox(daemon, dir);
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
    // under userns-remap the host's root owns it, which the namespace shows as nobody
    String owner = Berthd.remapped() ? "65534 +65534" : "0 +0";
    assertThat(dev.out()).containsPattern("^c[-rw]{9} +1 " + owner + " +60, +7 .*/dev/xdev\n");
    assertThat(dev.err()).contains("No such device or address").doesNotContain("not permitted");
    if (Files.exists(Path.of("/sys/fs/cgroup/devices"))) {
      assertThat(dev.out()).contains("c 60:7 rw\n");
    }

    Cmd.Result rule = docker("run", "--rm", "--device-cgroup-rule", "c 60:1 rwm", "busybox",
        "sh", "-c", "mknod /tmp/a c 60 1; mknod /tmp/b c 60 2; cat /tmp/a; cat /tmp/b");
    if (Berthd.remapped()) { // no user namespace may make device nodes, allowed or not
      assertThat(rule.err()).contains("mknod: /tmp/a: Operation not permitted");
    } else {
      assertThat(rule.err()).contains("'/tmp/a': No such device or address")
          .contains("'/tmp/b': Operation not permitted");
    }

    Cmd.Result absent = docker("run", "--rm", "--device", "/dev/nosuchdevice", "busybox", "true");
    assertThat(absent.code()).isNotZero(); // 127: the CLI maps "no such file" to it
    assertThat(absent.err()).contains("error gathering device information while adding custom"
        + " device \"/dev/nosuchdevice\": no such file or directory");
    Cmd.Result file = docker("run", "--rm", "--device", "/etc/passwd", "busybox", "true");
    assertThat(file.err()).contains("\"/etc/passwd\": not a device node");
    docker("container", "prune", "-f");
  }

  /**
   * The runtime's mount points (/dev, /proc, /sys, /etc/hosts, hostname, resolv.conf) live in
   * dockerd's init layer, never in the diff: an image that lacks them shows only what the
   * container did.
   */
  @Test
  void diffListsOnlyWhatTheContainerChanged() throws Exception {
    Path root = dir.resolve("minimal");
    Files.createDirectories(root.resolve("bin"));
    Files.copy(Path.of(Files.isExecutable(Path.of("/bin/busybox")) ? "/bin/busybox"
        : "/usr/bin/busybox"), root.resolve("bin/busybox"));
    for (String applet : List.of("sh", "touch", "sleep")) {
      Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
    }
    Path tar = dir.resolve("minimal.tar");
    assertThat(Cmd.run(Map.of(), null, List.of("tar", "-C", root.toString(), "-cf",
        tar.toString(), ".")).code()).isZero();
    assertThat(docker("import", tar.toString(), "minimal:1").code()).isZero();
    try {
      Cmd.Result run = docker("run", "--name", "mini", "minimal:1", "touch", "/test");
      assertThat(run.code()).as(run.all()).isZero();
      assertThat(docker("diff", "mini").out()).isEqualTo("A /test\n");
      assertThat(docker("run", "-d", "--name", "mini2", "minimal:1", "sleep", "60").code())
          .isZero();
      assertThat(docker("diff", "mini2").out()).isEmpty();
    } finally {
      docker("rm", "-f", "mini", "mini2");
      docker("rmi", "minimal:1");
    }
  }

  /** moby records the container in the image (docker-py's commit test reads it). */
  @Test
  void commitRecordsTheContainer() throws Exception {
    assertThat(docker("run", "--name", "committed", "busybox", "touch", "/c").code()).isZero();
    try {
      String id = docker("inspect", "-f", "{{.Id}}", "committed").out().trim();
      String image = docker("commit", "committed").out().trim();
      assertThat(docker("image", "inspect", "-f", "{{.Container}} {{json .ContainerConfig.Cmd}}"
          + " {{.ContainerConfig.Image}}", image).out().trim())
          .isEqualTo(id + " [\"touch\",\"/c\"] busybox");
      docker("rmi", image);
    } finally {
      docker("rm", "-f", "committed");
    }
  }

  /**
   * container prune counts the writable layers it removed; volume prune answers a list even
   * when empty; /info's Images counts every image /images/json?all=1 lists.
   */
  @Test
  void pruneAndInfoReportAsDockerd() throws Exception {
    assertThat(docker("run", "--name", "pruned", "--label", "cx.prune=1", "busybox", "sh", "-c",
        "head -c 300000 /dev/zero > /big").code()).isZero();
    Cmd.Result prune = docker("container", "prune", "-f", "--filter", "label=cx.prune=1");
    assertThat(prune.out()).as(prune.all()).contains("Total reclaimed space: 300kB");

    Cmd.Result probe = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", "import docker"));
    org.junit.jupiter.api.Assumptions.assumeTrue(probe.code() == 0,
        "docker-py (python3-docker) is not installed");
    Cmd.Result volumes = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c",
        "import docker\nc = docker.APIClient(base_url='" + daemon.host() + "')\n"
            + "print(c.prune_volumes(filters={'label': 'cx.none=1'})['VolumesDeleted'])"));
    assertThat(volumes.out()).as(volumes.all()).isEqualTo("[]\n");

    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nRUN touch /a\nRUN touch /b\n");
    Cmd.Result build = Cmd.run(Map.of("DOCKER_BUILDKIT", "0", "DOCKER_CONFIG",
        daemon.dir.resolve("docker-config").toString()), null, List.of(Cmd.dockerBinary(), "-H",
        daemon.host(), "build", "-t", "twosteps:1", ctx.toString()));
    assertThat(build.code()).as(build.all()).isZero();
    long all = docker("images", "-aq", "--no-trunc").out().lines().distinct().count();
    assertThat(all).isGreaterThan(docker("images", "-q").out().lines().distinct().count());
    assertThat(docker("info", "-f", "{{.Images}}").out().trim()).isEqualTo(Long.toString(all));
    docker("rmi", "twosteps:1");
  }
}
