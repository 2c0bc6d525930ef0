package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 4: images through the real docker CLI — the Images issue's Done-when. */
class ImagesE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;
  static Path busyboxTar;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    assumeTrue(Images.busyboxAvailable(), "busybox-static is not installed");
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"),
        "overlayfs and layer ownership need root");
    daemon = Berthd.start(dir.resolve("d"));
    busyboxTar = Images.busybox(dir.resolve("busybox.tar"), "busybox:latest");
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static Cmd.Result docker(String... args) throws Exception {
    Cmd.Result r = Cmd.docker(daemon, args);
    return r;
  }

  @Test
  void loadListSaveRoundTripTagHistoryInspectRmi() throws Exception {
    Cmd.Result load = docker("load", "-i", busyboxTar.toString());
    assertThat(load.code()).as(load.all()).isZero();
    assertThat(load.out()).contains("Loaded image: busybox:latest");
    String id = docker("image", "inspect", "--format", "{{.Id}}", "busybox").out().trim();
    assertThat(id).startsWith("sha256:");
    assertThat(docker("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").out())
        .contains("busybox:latest " + id.substring(7, 19));

    Path saved = dir.resolve("saved.tar");
    assertThat(docker("save", "-o", saved.toString(), "busybox").code()).isZero();
    assertThat(docker("rmi", "busybox").out()).contains("Untagged: busybox:latest", "Deleted: " + id);
    assertThat(docker("load", "-i", saved.toString()).out()).contains("Loaded image: busybox:latest");
    assertThat(docker("image", "inspect", "--format", "{{.Id}}", "busybox").out().trim())
        .isEqualTo(id);

    assertThat(docker("tag", "busybox", "example/bb:1").code()).isZero();
    assertThat(docker("images", "-q", "example/bb").out().trim()).isEqualTo(id.substring(7, 19));
    assertThat(docker("history", "--format", "{{.CreatedBy}}", "example/bb:1").out())
        .contains("CMD [\"sh\"]", "make-busybox-image.sh");
    assertThat(docker("image", "inspect", "--format", "{{json .Config.Cmd}} {{.Os}}",
        "example/bb:1").out().trim()).isEqualTo("[\"sh\"] linux");

    Cmd.Result conflict = docker("rmi", id.substring(7, 19));
    assertThat(conflict.code()).isEqualTo(1);
    assertThat(conflict.err()).contains("must be forced");
    assertThat(docker("rmi", "example/bb:1").out()).contains("Untagged: example/bb:1")
        .doesNotContain("Deleted");
    Cmd.Result missing = docker("rmi", "nosuch:1");
    assertThat(missing.err()).contains("No such image: nosuch:1");
  }

  /**
   * dockerd 20.10 answers a load of something that is not an image archive with 200 and the
   * error in the stream: the CLI prints it and exits 1, docker-py raises ImageLoadError.
   */
  @Test
  void loadOfSomethingThatIsNotAnArchiveFailsAsDockerSays() throws Exception {
    Path text = Files.writeString(dir.resolve("not-a-tar.txt"), "hello\n");
    Cmd.Result r = docker("load", "-i", text.toString());
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.err()).contains("Error processing tar file(exit status 1): unexpected EOF");
    Cmd.Result probe = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", "import docker"));
    assumeTrue(probe.code() == 0, "docker-py (python3-docker) is not installed");
    String script = String.join("\n",
        "import docker",
        "c = docker.DockerClient(base_url='" + daemon.host() + "', version='auto')",
        "try:",
        "    c.images.load('abc')",
        "    print('loaded')",
        "except docker.errors.ImageLoadError as e:",
        "    print('ImageLoadError', e)");
    Cmd.Result py = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", script));
    assertThat(py.out()).as(py.all()).startsWith("ImageLoadError Error processing tar file");
  }

  @Test
  void saveStreamsIntoLoadOfTheSameDaemon() throws Exception {
    docker("load", "-i", busyboxTar.toString());
    Cmd.Result r = Cmd.run(Map.of("DOCKER_CONFIG", dir.resolve("cfg").toString()), null,
        List.of("sh", "-c", Cmd.dockerBinary() + " -H " + daemon.host() + " save busybox | "
            + Cmd.dockerBinary() + " -H " + daemon.host() + " load"));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("Loaded image: busybox:latest");
  }

  @Test
  void hostileLayerFailsTheLoadAndWritesNothingOutside() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path tar = hostileImage(outside);
    Cmd.Result r = docker("load", "-i", tar.toString());
    assertThat(r.code()).as(r.all()).isNotZero();
    assertThat(r.err()).contains("escapes");
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s.toList()).isEmpty();
    }
    assertThat(docker("images", "-q", "evil").out().trim()).isEmpty();
  }

  @Test
  void afterRemovingEveryImageNoSnapshotOrBlobRemains() throws Exception {
    Path d2 = dir.resolve("d2");
    try (Berthd other = Berthd.start(d2)) {
      assertThat(Cmd.docker(other, "load", "-i", busyboxTar.toString()).code()).isZero();
      Cmd.docker(other, "tag", "busybox", "second:1");
      Cmd.docker(other, "rmi", "busybox", "second:1");
      assertThat(Cmd.docker(other, "images", "-aq").out().trim()).isEmpty();
      assertThat(files(other.root.resolve("content/blobs"))).isEmpty();
      try (Stream<Path> s = Files.list(other.root.resolve("snapshots"))) {
        assertThat(s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()).isEmpty();
      }
    }
  }

  private static List<Path> files(Path root) throws Exception {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  /** A docker-save archive whose one layer has a symlink to {@code outside} and a file under it. */
  private static Path hostileImage(Path outside) throws Exception {
    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(layer)) {
      TarArchiveEntry link = new TarArchiveEntry("escape", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName(outside.toString());
      t.putArchiveEntry(link);
      t.closeArchiveEntry();
      file(t, "escape/pwned", "owned");
      file(t, "../../evil", "owned");
    }
    byte[] layerBytes = layer.toByteArray();
    String diff = sha256(layerBytes);
    String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":"
        + "{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + diff + "\"]}}";
    String cid = sha256(config.getBytes(StandardCharsets.UTF_8));
    Path out = dir.resolve("hostile.tar");
    try (OutputStream os = Files.newOutputStream(out);
        TarArchiveOutputStream t = new TarArchiveOutputStream(os)) {
      file(t, diff + "/layer.tar", layerBytes);
      file(t, cid + ".json", config);
      file(t, "manifest.json", "[{\"Config\":\"" + cid + ".json\",\"RepoTags\":[\"evil:1\"],"
          + "\"Layers\":[\"" + diff + "/layer.tar\"]}]");
    }
    return out;
  }

  private static void file(TarArchiveOutputStream t, String name, String text) throws Exception {
    file(t, name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void file(TarArchiveOutputStream t, String name, byte[] data) throws Exception {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(data.length);
    t.putArchiveEntry(e);
    t.write(data);
    t.closeArchiveEntry();
  }

  private static String sha256(byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(data));
  }
}
