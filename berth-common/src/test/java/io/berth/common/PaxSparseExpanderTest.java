package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GNU tar's PAX sparse files over 2 GiB, which Commons Compress alone refuses. */
class PaxSparseExpanderTest {
  private static final long BIG = (2L << 30) + (1 << 20); // just past Integer.MAX_VALUE
  private static final long AT = (2L << 30) + 100;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"0.0", "0.1", "1.0"})
  void aLargeSparseFileReadsAsAPlainFileOfItsRealSize(String version) throws Exception {
    Path tar = gnuTar(version, BIG);
    assertThatThrownBy(() -> readAll(Files.newInputStream(tar)))
        .as("Commons Compress alone").hasMessageContaining("Unable to parse int");

    Read r = readAll(new PaxSparseExpander(Files.newInputStream(tar)));
    assertThat(r.names).containsExactly("big", "after");
    assertThat(r.size).isEqualTo(BIG);
    assertThat(r.read).isEqualTo(BIG);
    assertThat(r.nonZero).isEqualTo("startBIGhello".length());
    assertThat(r.at).isEqualTo("hello");
    assertThat(r.after).as("the next entry is read from its own header").isEqualTo("after\n");
  }

  @Test
  void smallSparseFilesAndOtherTarsPassThroughByteForByte() throws Exception {
    for (String version : List.of("0.0", "1.0")) {
      Path tar = gnuTar(version, 1 << 20);
      byte[] raw = Files.readAllBytes(tar);
      assertThat(new PaxSparseExpander(new ByteArrayInputStream(raw)).readAllBytes())
          .isEqualTo(raw);
    }
    byte[] shortHeader = "not a whole tar block".getBytes(StandardCharsets.US_ASCII);
    assertThat(new PaxSparseExpander(new ByteArrayInputStream(shortHeader)).readAllBytes())
        .as("a truncated archive is left to the tar reader to refuse").isEqualTo(shortHeader);
    Path gnu = dir.resolve("gnu.tar");
    run("tar", "--sparse", "--format=gnu", "-C", dir.toString(), "-cf", gnu.toString(), "big");
    byte[] raw = Files.readAllBytes(gnu);
    assertThat(new PaxSparseExpander(new ByteArrayInputStream(raw)).readAllBytes())
        .isEqualTo(raw);
  }

  @Test
  void theCallersStreamIsNeverClosedAndWhatFollowsTheArchivePassesThrough() throws Exception {
    byte[] raw = Files.readAllBytes(gnuTar("1.0", 4096));
    byte[] withTail = Arrays.copyOf(raw, raw.length + 3);
    withTail[raw.length] = 'e';
    boolean[] closed = {false};
    InputStream source = new ByteArrayInputStream(withTail) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    PaxSparseExpander x = new PaxSparseExpander(source);
    TarArchiveInputStream tar = new TarArchiveInputStream(x);
    while (tar.getNextEntry() != null) {
      tar.readAllBytes();
    }
    assertThat(closed[0]).isFalse();
    assertThat(x.readAllBytes()).endsWith('e', 0, 0);
    assertThat(source.read()).isEqualTo(-1);
  }

  /**
   * A file whose size only its PAX header gives (its own field says 0, as for files over
   * 8 GiB) and that holds a tar with a large sparse header: its data is passed, not parsed.
   */
  @Test
  void anEntrySizedByItsPaxHeaderIsPassedWholeEvenWhenItHoldsATar() throws Exception {
    byte[] inner = Files.readAllBytes(gnuTar("1.0", BIG));
    byte[] pax = PaxRecords.write(List.of(new String[] {"size", String.valueOf(inner.length)},
        new String[] {"path", "inner.tar"}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header('x', pax.length));
    out.writeBytes(Arrays.copyOf(pax, (int) PaxSparseExpander.padded(pax.length)));
    out.writeBytes(header('0', 0));
    out.writeBytes(Arrays.copyOf(inner, (int) PaxSparseExpander.padded(inner.length)));
    out.writeBytes(new byte[1024]);
    byte[] raw = out.toByteArray();
    assertThat(new PaxSparseExpander(new ByteArrayInputStream(raw)).readAllBytes())
        .isEqualTo(raw);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new PaxSparseExpander(
        new ByteArrayInputStream(raw)))) {
      assertThat(tar.getNextEntry().getSize()).isEqualTo(inner.length);
      assertThat(tar.readAllBytes()).isEqualTo(inner);
    }
  }

  private static byte[] header(char type, long size) {
    byte[] h = new byte[PaxSparseExpander.BLOCK];
    byte[] name = "f".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, h, 0, name.length);
    System.arraycopy("0000644\0".getBytes(StandardCharsets.US_ASCII), 0, h, 100, 8);
    System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
    h[TarHeader.TYPE] = (byte) type;
    TarHeader.setSize(h, size);
    return h;
  }

  @Test
  void aSparseMapBeyondTheRealSizeIsRefused() throws Exception {
    Path tar = gnuTar("0.1", BIG);
    byte[] raw = Files.readAllBytes(tar);
    String s = new String(raw, StandardCharsets.ISO_8859_1);
    // same length, so the record lengths stay right: the segment now ends past the file
    String bad = s.replace("GNU.sparse.map=0,4096,2147483648,4096",
        "GNU.sparse.map=0,4096,2148532224,4096");
    assertThat(bad).isNotEqualTo(s);
    InputStream in = new PaxSparseExpander(new ByteArrayInputStream(
        bad.getBytes(StandardCharsets.ISO_8859_1)));
    assertThatThrownBy(() -> readAll(in)).isInstanceOf(IOException.class)
        .hasMessageContaining("sparse map");
  }

  /** "start" at 0, "hello" at {@link #AT} (when it fits), a plain file after it. */
  private Path gnuTar(String version, long size) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(
        Path.of("/bin/tar")), "GNU tar is needed to write PAX sparse files");
    Path big = dir.resolve("big");
    Files.deleteIfExists(big);
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(size);
      f.write("startBIG".getBytes(StandardCharsets.US_ASCII));
      if (size > AT + 5) {
        f.seek(AT);
        f.write("hello".getBytes(StandardCharsets.US_ASCII));
      }
    }
    Files.writeString(dir.resolve("after"), "after\n");
    Path tar = dir.resolve("pax" + version + ".tar");
    run("tar", "--sparse", "--format=pax", "--sparse-version=" + version, "-C",
        dir.toString(), "-cf", tar.toString(), "big", "after");
    return tar;
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  private record Read(List<String> names, long size, long read, long nonZero, String at,
      String after) {}

  private static Read readAll(InputStream raw) throws IOException {
    try (TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
      List<String> names = new ArrayList<>();
      long size = -1;
      long read = 0;
      long nonZero = 0;
      StringBuilder at = new StringBuilder();
      String after = null;
      TarArchiveEntry e;
      byte[] buf = new byte[1 << 16];
      byte[] zeros = new byte[buf.length];
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
        if (!e.getName().equals("big")) {
          after = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          continue;
        }
        size = e.getSize();
        int n;
        while ((n = in.read(buf)) > 0) {
          if (Arrays.mismatch(buf, 0, n, zeros, 0, n) >= 0) {
            for (int i = 0; i < n; i++) {
              if (buf[i] != 0) {
                nonZero++;
                if (read + i >= AT && read + i < AT + 5) {
                  at.append((char) buf[i]);
                }
              }
            }
          }
          read += n;
        }
      }
      return new Read(names, size, read, nonZero, at.toString(), after);
    }
  }
}
