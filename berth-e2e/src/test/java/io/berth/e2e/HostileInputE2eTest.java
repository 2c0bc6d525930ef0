package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: a client that means harm, over berthd's socket with raw requests (issue 14): bodies
 * and archives that would balloon the daemon, archives of many entries, null and mistyped
 * JSON. Memory is measured from /proc, not timed: each answer must be a prompt 4xx and the
 * daemon's resident set must stay within a bound.
 */
class HostileInputE2eTest {
  /** What one refused request may add to berthd's resident memory. */
  private static final long RSS_SLACK = 200L << 20;

  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit is not installed");
    // a low fd limit, so that an archive of many entries shows whether each holds a file open
    daemon = Berthd.startUnder(List.of("/usr/bin/prlimit", "--nofile=1024:1024"), dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static long pid() {
    return daemon.process.pid();
  }

  /**
   * A load refused as Docker 20.10 refuses one: 200 with the error in the JSON stream (dockerd
   * answers every load error in-band; docker-py's ImageLoadError reads it there), never a 500.
   */
  private static void refusedInStream(RawHttp.Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.body()).contains("\"errorDetail\"").doesNotContain("java.", "io.berth");
  }

  private static RawHttp.Answer load(byte[] archive) throws IOException {
    return RawHttp.send(daemon.socket, "POST", "/v1.44/images/load?quiet=1", "application/x-tar",
        archive);
  }

  /** A tar of the given entries; a null body is a header that declares {@code size}. */
  private static byte[] tar(boolean gzip, Object... nameAndBody) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var sink = gzip ? new GZIPOutputStream(bytes) : bytes;
        TarArchiveOutputStream t = new TarArchiveOutputStream(sink)) {
      t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (int i = 0; i < nameAndBody.length; i += 2) {
        byte[] body = nameAndBody[i + 1] instanceof String s
            ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) nameAndBody[i + 1];
        TarArchiveEntry e = new TarArchiveEntry((String) nameAndBody[i]);
        e.setSize(body.length);
        t.putArchiveEntry(e);
        t.write(body);
        t.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void aGzipThatDeclaresAHugeManifestIsRefusedByItsHeaderAndMemoryStaysFlat() throws Exception {
    // 512 MiB of manifest.json in half a megabyte of gzip, sent three times
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      TarArchiveEntry e = new TarArchiveEntry("manifest.json");
      e.setSize(512L << 20);
      t.putArchiveEntry(e);
      byte[] spaces = new byte[1 << 20];
      Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 512; i++) {
        t.write(spaces);
      }
      t.closeArchiveEntry();
    }
    byte[] bomb = bytes.toByteArray();
    assertThat(bomb.length).isLessThan(4 << 20);
    long before = RawHttp.rss(pid());
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      RawHttp.Answer a = load(bomb);
      refusedInStream(a);
      assertThat(a.body()).contains("manifest.json is larger than 20 MiB");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
    assertThat(RawHttp.rss(pid()) - before).isLessThan(RSS_SLACK);
    assertThat(ping()).isEqualTo(200);
  }

  @Test
  void aHundredMebibyteCreateBodyIs413WithoutBeingReadIntoMemory() throws Exception {
    long before = RawHttp.rss(pid());
    long length = 100L << 20;
    RawHttp.Answer a = RawHttp.send(daemon.socket, "POST", "/v1.44/containers/create",
        "application/json", labels(length), length);
    assertThat(a.status()).as(a.body()).isEqualTo(413);
    assertThat(a.body()).contains("request body is larger than 4 MiB");
    assertThat(RawHttp.rss(pid()) - before).isLessThan(RSS_SLACK);
    // a body under the limit is still read: here it names an image the daemon does not have
    byte[] small = labels(2L << 20).readAllBytes();
    RawHttp.Answer ok = RawHttp.send(daemon.socket, "POST", "/v1.44/containers/create",
        "application/json", small);
    assertThat(ok.status()).as(ok.body()).isEqualTo(404);
    assertThat(ok.body()).contains("No such image: nosuchimage:1");
  }

  /** {@code {"Image":"nosuchimage:1","Labels":{"l000000001":"v",...}}} of exactly {@code length}. */
  private static InputStream labels(long length) {
    StringBuilder sb = new StringBuilder("{\"Image\":\"nosuchimage:1\",\"Labels\":{\"l\":\"v\"");
    int n = 0;
    while (sb.length() + 20 < length) {
      sb.append(",\"l").append(String.format("%09d", n++)).append("\":\"v\"");
    }
    while (sb.length() + 2 < length) {
      sb.append(' ');
    }
    sb.append("}}");
    return new java.io.ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void anArchiveOfThousandsOfEntriesNeedsFewFilesOpenAndLeavesNoIngest() throws Exception {
    // 16 MiB of 256 KiB entries fill what the spool keeps in memory; each of the 3000 tiny
    // entries after them goes to an ingest file, under a daemon limited to 1024 descriptors
    Object[] entries = new Object[2 * (64 + 3000)];
    byte[] quarter = new byte[256 * 1024];
    for (int i = 0; i < 64; i++) {
      entries[2 * i] = "big/" + i;
      entries[2 * i + 1] = quarter;
    }
    for (int i = 0; i < 3000; i++) {
      entries[2 * (64 + i)] = "small/" + i;
      entries[2 * (64 + i) + 1] = "x".repeat(100);
    }
    RawHttp.Answer a = load(tar(false, entries));
    refusedInStream(a);
    assertThat(a.body()).contains("neither manifest.json nor an OCI index.json");
    assertThat(RawHttp.fds(pid())).isLessThan(200);
    try (var s = Files.list(daemon.root.resolve("content/ingest"))) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void nullAndMistypedManifestsAreRefusedInTheStream() throws Exception {
    RawHttp.Answer a = load(tar(false, "manifest.json", "null"));
    refusedInStream(a);
    assertThat(a.body()).contains("invalid manifest, manifest cannot be null (but can be [])");
    a = load(tar(false, "manifest.json", "[null]"));
    refusedInStream(a);
    a = load(tar(false, "manifest.json", "{}"));
    refusedInStream(a);
    assertThat(a.body()).contains("json: cannot unmarshal object into Go value of type array")
        .doesNotContain("Jackson", "io.berth", "JsonToken", "REDACTED");
    a = load(tar(false, "manifest.json", "[{\"Config\":\"c.json\",\"Layers\":[null]}]",
        "c.json", "{}"));
    refusedInStream(a);
  }

  @Test
  void aLayerThatDeclaresMoreThanItHoldsIsRefusedUnexpectedEof() throws Exception {
    // the layer's only file says 8 GiB and holds 1 KiB
    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    TarArchiveOutputStream t = new TarArchiveOutputStream(layer);
    t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    TarArchiveEntry e = new TarArchiveEntry("big");
    e.setSize(8L << 30);
    t.putArchiveEntry(e);
    t.write(new byte[1024]);
    t.flush();
    byte[] layerBytes = layer.toByteArray(); // not closed: the entry stays short
    String diffId = "sha256:" + java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(layerBytes));
    String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[\"" + diffId + "\"]},\"config\":{}}";
    RawHttp.Answer a = load(tar(false,
        "manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"trunc:1\"],\"Layers\":[\"l.tar\"]}]",
        "c.json", config, "l.tar", layerBytes));
    refusedInStream(a);
    assertThat(a.body()).contains("unexpected EOF").doesNotContain("java.io");
    // the archive itself cut short: its last entry declares 8 GiB and holds 1 KiB
    a = load(layerBytes);
    refusedInStream(a);
    assertThat(a.body()).contains("read image archive: unexpected EOF");
  }

  @Test
  void mistypedJsonFieldsAre400InGosWords() throws Exception {
    RawHttp.Answer a = RawHttp.send(daemon.socket, "POST", "/v1.44/networks/create",
        "application/json", "{\"Name\":5}".getBytes());
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.body()).contains(
        "json: cannot unmarshal number into Go struct field NetworkCreateRequest.Name of type string");
    a = RawHttp.send(daemon.socket, "POST", "/v1.44/containers/create", "application/json",
        "{\"Image\":\"busybox\",\"HostConfig\":{\"CpuShares\":1.5}}".getBytes());
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.body()).contains("json: cannot unmarshal number into Go struct field "
        + "HostConfig.CpuShares of type int64");
    a = RawHttp.send(daemon.socket, "POST", "/v1.44/containers/create", "application/json",
        "{\"Image\":[1,2]".getBytes());
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body()).contains("unexpected EOF").doesNotContain("REDACTED", "Jackson");
    a = RawHttp.send(daemon.socket, "POST", "/v1.44/containers/create", "application/json",
        "{\"Image\":x}".getBytes());
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body()).contains("invalid character 'x' looking for beginning of value");
  }

  @Test
  void aKillSignalPastIntAndANulInAnArchivePathAre400() throws Exception {
    RawHttp.Answer a = load(java.nio.file.Files.readAllBytes(
        Images.busybox(dir.resolve("busybox.tar"), "busybox:latest")));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    a = RawHttp.send(daemon.socket, "POST", "/v1.44/containers/create?name=hostile",
        "application/json", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}".getBytes());
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    a = RawHttp.send(daemon.socket, "GET", "/v1.44/containers/hostile/archive?path=/etc%00x",
        null, new byte[0]);
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.body()).contains("invalid argument");
    a = RawHttp.send(daemon.socket, "PUT", "/v1.44/containers/hostile/archive?path=/etc%00x",
        "application/x-tar", new byte[1024]);
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    Prerequisites.assumeContainers();
    a = RawHttp.send(daemon.socket, "POST", "/v1.44/containers/create?name=sleeper",
        "application/json", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"60\"]}".getBytes());
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    a = RawHttp.send(daemon.socket, "POST", "/v1.44/containers/sleeper/start", null, new byte[0]);
    assertThat(a.status()).as(a.body()).isEqualTo(204);
    try {
      a = RawHttp.send(daemon.socket, "POST", "/v1.44/containers/sleeper/kill?signal=99999999999",
          null, new byte[0]);
      assertThat(a.status()).as(a.body()).isEqualTo(400);
      assertThat(a.body()).contains("Invalid signal: 99999999999");
    } finally {
      RawHttp.send(daemon.socket, "DELETE", "/v1.44/containers/sleeper?force=1", null,
          new byte[0]);
    }
  }

  private static int ping() throws IOException {
    return RawHttp.send(daemon.socket, "GET", "/_ping", null, new byte[0]).status();
  }
}
