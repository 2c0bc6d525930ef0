package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 4: named volumes, binds, tmpfs and docker cp through berthd — the Volumes issue. */
class VolumesE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;
  static Path busybox;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    daemon = Berthd.start(dir.resolve("d"));
    busybox = Images.loadBusybox(daemon, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  private static Cmd.Result ok(String... args) throws Exception {
    Cmd.Result r = docker(args);
    assertThat(r.code()).as(String.join(" ", args) + ": " + r.all()).isZero();
    return r;
  }

  @Test
  void namedVolumeOutlivesItsContainerAndIsRefusedWhileInUse() throws Exception {
    ok("run", "--name", "writer", "-v", "shared-data:/data", "busybox", "sh", "-c",
        "echo persisted > /data/file");
    Cmd.Result rm = docker("volume", "rm", "shared-data");
    assertThat(rm.code()).isEqualTo(1);
    assertThat(rm.err()).contains("volume is in use - [");
    String id = ok("inspect", "-f", "{{.Id}}", "writer").out().strip();
    assertThat(rm.err()).contains(id);
    assertThat(ok("inspect", "-f", "{{json .Mounts}}", "writer").out()).contains(
        "\"Type\":\"volume\",\"Name\":\"shared-data\",\"Source\":\""
            + daemon.root.resolve("volumes/shared-data/_data") + "\",\"Destination\":\"/data\","
            + "\"Driver\":\"local\",\"Mode\":\"z\",\"RW\":true,\"Propagation\":\"\"");
    ok("rm", "writer");
    assertThat(ok("run", "--rm", "-v", "shared-data:/data", "busybox", "cat", "/data/file")
        .out()).isEqualTo("persisted\n");
    ok("volume", "rm", "shared-data");
    assertThat(docker("volume", "inspect", "shared-data").err())
        .contains("no such volume");
  }

  @Test
  void pruneRemovesUnusedAnonymousVolumesUnlessAll() throws Exception {
    ok("volume", "create", "--label", "t=prune", "prune-named");
    ok("create", "--name", "holder", "-v", "/held", "busybox");
    ok("run", "--name", "leaver", "-v", "/left", "busybox", "true");
    String left = ok("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "leaver").out()
        .strip();
    ok("rm", "leaver"); // without -v: its anonymous volume stays, unused
    assertThat(ok("volume", "ls", "-q", "--filter", "dangling=true").out()).contains(left)
        .contains("prune-named");
    Cmd.Result prune = ok("volume", "prune", "-f");
    assertThat(prune.out()).contains(left).doesNotContain("prune-named");
    String volumes = ok("volume", "ls", "-q").out();
    assertThat(volumes).contains("prune-named").doesNotContain(left);
    assertThat(ok("volume", "prune", "-f", "--all", "--filter", "label=t=prune").out())
        .contains("prune-named");
    String held = ok("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "holder").out()
        .strip();
    assertThat(ok("volume", "ls", "-q").out()).contains(held);
    ok("rm", "-v", "holder");
    assertThat(ok("volume", "ls", "-q").out()).doesNotContain(held);
    ok("run", "--rm", "-v", "/gone", "busybox", "true");
    assertThat(ok("volume", "ls", "-q").out()).isEmpty();
  }

  /**
   * Prune's meaning goes by the request's API version, as dockerd's (ADR 0151): docker-py at its
   * negotiated 1.44 keeps a named volume, the same client pinned to 1.41 (Docker 20.10's API)
   * removes it.
   */
  @Test
  void pruneOfNamedVolumesGoesByTheRequestsApiVersion() throws Exception {
    Cmd.Result probe = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", "import docker"));
    org.junit.jupiter.api.Assumptions.assumeTrue(probe.code() == 0,
        "docker-py (python3-docker) is not installed");
    String script = "import docker, sys\n"
        + "c = docker.APIClient(base_url='" + daemon.host() + "', version=sys.argv[1])\n"
        + "c.create_volume('by-version', labels={'t': 'by-version'})\n"
        + "print(c.api_version, 'by-version' in (c.prune_volumes(filters={'label': 't=by-version'})"
        + "['VolumesDeleted'] or []))\n";
    Cmd.Result auto = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", script, "auto"));
    assertThat(auto.out()).as(auto.all()).isEqualTo("1.44 False\n");
    assertThat(ok("volume", "ls", "-q").out()).contains("by-version");
    Cmd.Result old = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", script, "1.41"));
    assertThat(old.out()).as(old.all()).isEqualTo("1.41 True\n");
    assertThat(ok("volume", "ls", "-q").out()).doesNotContain("by-version");
  }

  @Test
  void bindMountsAreWritableOrReadOnlyAndMissingSourcesFollowDockersTwoRules()
      throws Exception {
    Path host = daemon.writableByContainers(Files.createDirectories(dir.resolve("bind")));
    Files.writeString(host.resolve("in.txt"), "from host\n");
    assertThat(ok("run", "--rm", "-v", host + ":/b", "busybox", "sh", "-c",
        "cat /b/in.txt; echo from container > /b/out.txt").out()).isEqualTo("from host\n");
    assertThat(Files.readString(host.resolve("out.txt"))).isEqualTo("from container\n");
    Cmd.Result ro = docker("run", "--rm", "-v", host + ":/b:ro", "busybox", "sh", "-c",
        "echo x > /b/ro.txt");
    assertThat(ro.code()).isNotZero();
    assertThat(ro.err()).contains("Read-only file system");
    assertThat(host.resolve("ro.txt")).doesNotExist();

    Path created = dir.resolve("made-by-v");
    ok("run", "--rm", "-v", created + ":/m", "busybox", "true");
    assertThat(created).isDirectory();
    Path missing = dir.resolve("missing");
    Cmd.Result refused = docker("run", "--rm", "--mount", "type=bind,src=" + missing
        + ",dst=/m", "busybox", "true");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("invalid mount config for type \"bind\": bind source"
        + " path does not exist: " + missing);
    assertThat(missing).doesNotExist();
    assertThat(ok("run", "--rm", "--mount", "type=bind,src=" + host + ",dst=/b,readonly",
        "busybox", "sh", "-c", "touch /b/x 2>&1; cat /b/in.txt").out())
        .contains("Read-only file system").contains("from host");
  }

  @Test
  void tmpfsShowsInMountAndIsEmptyAfterARestart() throws Exception {
    ok("run", "-d", "--name", "tmpfs-box", "--tmpfs", "/scratch:size=2m",
        "--mount", "type=tmpfs,dst=/fast,tmpfs-size=1m,tmpfs-mode=0700", "busybox", "sleep",
        "300");
    try {
      String mounts = ok("exec", "tmpfs-box", "mount").out();
      assertThat(mounts).contains("tmpfs on /scratch type tmpfs")
          .contains("tmpfs on /fast type tmpfs");
      ok("exec", "tmpfs-box", "sh", "-c", "echo x > /scratch/f; echo y > /fast/g");
      assertThat(ok("exec", "tmpfs-box", "ls", "/scratch", "/fast").out()).contains("f", "g");
      assertThat(ok("inspect", "-f", "{{json .Mounts}}", "tmpfs-box").out()).contains(
          "{\"Type\":\"tmpfs\",\"Source\":\"\",\"Destination\":\"/fast\",\"Mode\":\"\","
              + "\"RW\":true,\"Propagation\":\"\"}");
      ok("restart", "-t", "1", "tmpfs-box");
      assertThat(ok("exec", "tmpfs-box", "ls", "-A", "/scratch", "/fast").out())
          .isEqualTo("/fast:\n\n/scratch:\n");
    } finally {
      docker("rm", "-f", "tmpfs-box");
    }
  }

  @Test
  void newNamedVolumeOverEtcStartsWithTheImagesEtc() throws Exception {
    String image = ok("run", "--rm", "busybox", "sh", "-c", "ls /etc; cat /etc/passwd").out();
    assertThat(ok("run", "--rm", "-v", "etc-copy:/etc", "busybox", "sh", "-c",
        "ls /etc; cat /etc/passwd").out()).isEqualTo(image);
    Path data = daemon.root.resolve("volumes/etc-copy/_data");
    assertThat(data.resolve("passwd")).exists();
    assertThat(Files.getAttribute(data.resolve("passwd"), "unix:mode"))
        .isEqualTo(Files.getAttribute(data.resolve("group"), "unix:mode"));
    // nocopy: a new volume stays empty
    assertThat(ok("run", "--rm", "-v", "etc-empty:/etc:nocopy", "busybox", "ls", "/etc").out())
        .doesNotContain("passwd");
    ok("volume", "rm", "etc-copy", "etc-empty");
  }

  @Test
  void cpInAndOutStaysInsideTheContainerThroughHostileSymlinks() throws Exception {
    Path host = Files.createDirectories(dir.resolve("cp"));
    ok("run", "-d", "--name", "cp-box", "-v", "cp-vol:/vol", "-v", host + ":/robind:ro",
        "busybox", "sh", "-c",
        "ln -s /etc /tmp/hostile; ln -s ../../../../../../etc /tmp/climb;"
            + " echo in-volume > /vol/v.txt; sleep 300");
    try {
      waitFor("cp-box", "/tmp/climb");
      Path in = Files.writeString(host.resolve("in.txt"), "payload\n");
      ok("cp", in.toString(), "cp-box:/tmp/");
      assertThat(ok("exec", "cp-box", "cat", "/tmp/in.txt").out()).isEqualTo("payload\n");

      // out through a link to /etc: the container's passwd, never the host's
      ok("cp", "cp-box:/tmp/hostile/passwd", host.resolve("passwd").toString());
      String containerPasswd = ok("exec", "cp-box", "cat", "/etc/passwd").out();
      assertThat(Files.readString(host.resolve("passwd"))).isEqualTo(containerPasswd)
          .isNotEqualTo(Files.readString(Path.of("/etc/passwd")));
      ok("cp", "cp-box:/tmp/climb/group", host.resolve("group").toString());
      assertThat(Files.readString(host.resolve("group")))
          .isEqualTo(ok("exec", "cp-box", "cat", "/etc/group").out());

      // in through the same links: lands in the container's /etc
      Path marker = Files.writeString(host.resolve("berth-cp-marker"), "m\n");
      ok("cp", marker.toString(), "cp-box:/tmp/hostile/");
      ok("cp", marker.toString(), "cp-box:/tmp/climb/");
      assertThat(ok("exec", "cp-box", "cat", "/etc/berth-cp-marker").out()).isEqualTo("m\n");
      assertThat(Path.of("/etc/berth-cp-marker")).doesNotExist();

      // across the volume mount, and tar on stdout
      Cmd.Result tar = Cmd.run(Map.of(), null, List.of("sh", "-c", Cmd.dockerBinary() + " -H "
          + daemon.host() + " cp cp-box:/vol - > " + host.resolve("vol.tar")));
      assertThat(tar.code()).as(tar.all()).isZero();
      assertThat(entries(host.resolve("vol.tar"))).containsEntry("vol/v.txt", "in-volume\n");

      // tar on stdin into the volume
      Cmd.Result put = Cmd.run(Map.of(), null, List.of("sh", "-c", "tar cf - -C " + host
          + " in.txt | " + Cmd.dockerBinary() + " -H " + daemon.host() + " cp - cp-box:/vol"));
      assertThat(put.code()).as(put.all()).isZero();
      assertThat(Files.readString(daemon.root.resolve("volumes/cp-vol/_data/in.txt")))
          .isEqualTo("payload\n");

      // a read-only bind refuses, as Docker's daemon does
      Cmd.Result ro = docker("cp", in.toString(), "cp-box:/robind/");
      assertThat(ro.code()).isNotZero();
      assertThat(ro.err()).contains("mounted volume is marked read-only");

      // a stopped container: its rootfs is mounted for the copy
      ok("stop", "-t", "1", "cp-box");
      ok("cp", in.toString(), "cp-box:/in-stopped.txt");
      ok("cp", "cp-box:/in-stopped.txt", host.resolve("back.txt").toString());
      assertThat(Files.readString(host.resolve("back.txt"))).isEqualTo("payload\n");
      Cmd.Result missing = docker("cp", "cp-box:/nope", host.resolve("x").toString());
      assertThat(missing.code()).isNotZero();
      assertThat(missing.err()).contains("Could not find the file /nope in container cp-box");
      ok("start", "cp-box");
      assertThat(ok("exec", "cp-box", "cat", "/in-stopped.txt").out()).isEqualTo("payload\n");
    } finally {
      docker("rm", "-f", "-v", "cp-box");
      docker("volume", "rm", "cp-vol");
    }
  }

  @Test
  void failedCreateLeavesNoVolumeBehind() throws Exception {
    List<String> before = ok("volume", "ls", "-q").out().lines().toList();
    Cmd.Result r = docker("create", "-v", "/anon-a", "-v", "fresh-named:/f", "--mount",
        "type=bind,src=" + dir.resolve("absent") + ",dst=/x", "busybox");
    assertThat(r.code()).isNotZero();
    // fails after fresh-named and an anonymous volume were made: both are undone
    r = docker("create", "-v", "/anon-a", "-v", "fresh-named:/f", "--mount", "type=volume,dst=/m",
        "--mount", "type=volume,src=bad-opt,dst=/y,volume-opt=bogus=1", "busybox");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("invalid option key: \"bogus\"");
    assertThat(ok("volume", "ls", "-q").out().lines().toList()).isEqualTo(before);
    try (Stream<Path> s = Files.list(daemon.root.resolve("volumes"))) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrderElementsOf(before);
    }
  }

  @Test
  void namedVolumeDataSurvivesKillNineOfBerthd() throws Exception {
    Path d2 = dir.resolve("d2");
    Berthd first = Berthd.start(d2);
    try {
      assertThat(Cmd.docker(first, "load", "-i", busybox.toString()).code()).isZero();
      Cmd.Result w = Cmd.docker(first, "run", "--rm", "-v", "durable:/d", "busybox", "sh",
          "-c", "echo survived > /d/f");
      assertThat(w.code()).as(w.all()).isZero();
      Cmd.docker(first, "volume", "create", "--label", "k=v", "empty-one");
    } finally {
      first.process.destroyForcibly().waitFor();
    }
    try (Berthd second = Berthd.start(d2)) {
      assertThat(Cmd.docker(second, "volume", "ls", "-q").out().lines())
          .containsExactlyInAnyOrder("durable", "empty-one");
      assertThat(Cmd.docker(second, "volume", "inspect", "-f", "{{.Labels.k}}", "empty-one")
          .out()).isEqualTo("v\n");
      Cmd.Result r = Cmd.docker(second, "run", "--rm", "-v", "durable:/d", "busybox", "cat",
          "/d/f");
      assertThat(r.out()).as(r.all()).isEqualTo("survived\n");
    }
  }

  @Test
  void localDriverOptionsMountADeviceAndRemovalLeavesItsDataAlone() throws Exception {
    Path device = daemon.writableByContainers(Files.createDirectories(dir.resolve("device")));
    ok("volume", "create", "-o", "type=none", "-o", "device=" + device, "-o", "o=bind",
        "bound");
    ok("run", "--rm", "-v", "bound:/b", "busybox", "sh", "-c", "echo via-volume > /b/f");
    assertThat(Files.readString(device.resolve("f"))).isEqualTo("via-volume\n");
    ok("volume", "rm", "bound");
    assertThat(Files.readString(device.resolve("f"))).isEqualTo("via-volume\n");
    assertThat(daemon.root.resolve("volumes/bound")).doesNotExist();

    ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=1m",
        "ram");
    assertThat(ok("run", "--rm", "-v", "ram:/r", "busybox", "sh", "-c",
        "mount | grep ' /r '").out()).contains("tmpfs on /r type tmpfs").contains("size=1024k");
    ok("volume", "rm", "ram");
    assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
        .doesNotContain(daemon.root.resolve("volumes/ram").toString());
  }

  @Test
  void berthCliCreatesVolumesAndCopiesBothWays() throws Exception {
    Map<String, String> env = Map.of("BERTH_HOST", daemon.host());
    assertThat(Cmd.berth(env, "volume", "create", "--label", "by=berth", "berth-vol").out())
        .isEqualTo("berth-vol\n");
    assertThat(Cmd.berth(env, "volume", "ls", "-q", "-f", "label=by=berth").out())
        .isEqualTo("berth-vol\n");
    assertThat(Cmd.berth(env, "inspect", "-f", "{{.Mountpoint}}", "berth-vol").out())
        .isEqualTo(daemon.root.resolve("volumes/berth-vol/_data") + "\n");
    Cmd.Result run = Cmd.berth(env, "run", "-d", "--name", "berth-cp", "-v", "berth-vol:/v",
        "busybox", "sleep", "300");
    assertThat(run.code()).as(run.all()).isZero();
    try {
      Path src = Files.createDirectories(dir.resolve("berth-src/tree"));
      Files.writeString(src.resolve("a.txt"), "A\n");
      Cmd.Result in = Cmd.berth(env, "cp", src.toString(), "berth-cp:/v/");
      assertThat(in.code()).as(in.all()).isZero();
      assertThat(ok("exec", "berth-cp", "cat", "/v/tree/a.txt").out()).isEqualTo("A\n");
      Path out = dir.resolve("berth-out");
      Cmd.Result back = Cmd.berth(env, "cp", "berth-cp:/v/tree", out.toString());
      assertThat(back.code()).as(back.all()).isZero();
      assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("A\n");
      Cmd.Result rm = Cmd.berth(env, "volume", "rm", "berth-vol");
      assertThat(rm.code()).isEqualTo(1);
      assertThat(rm.err()).contains("volume is in use");
    } finally {
      docker("rm", "-f", "berth-cp");
      docker("volume", "rm", "berth-vol");
    }
  }

  private static void waitFor(String container, String path) throws Exception {
    for (int i = 0; i < 100; i++) {
      if (docker("exec", container, "test", "-e", path).code() == 0) {
        return;
      }
      Thread.sleep(50);
    }
  }

  private static Map<String, String> entries(Path tar) throws Exception {
    Map<String, String> out = new java.util.TreeMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(
        new ByteArrayInputStream(Files.readAllBytes(tar)))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        out.put(e.getName(), e.isDirectory() ? "" : new String(in.readAllBytes()));
      }
    }
    return out;
  }
}
