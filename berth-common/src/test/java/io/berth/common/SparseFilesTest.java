package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseFilesTest {
  @TempDir Path dir;

  @Test
  void zeroRunsBecomeHolesAndTheContentStaysTheSame() throws Exception {
    byte[] data = new byte[16 << 20];
    data[10] = 'a';
    data[(8 << 20) + 5] = 'b'; // a block of data between two holes
    Path f = copy(data);
    assertThat(Files.readAllBytes(f)).isEqualTo(data);
    assertThat(allocated(f)).as("bytes on disk").isLessThan(1 << 20);
  }

  @Test
  void aFileThatEndsInAHoleKeepsItsLengthAndAnOrdinaryFileIsWrittenWhole() throws Exception {
    byte[] tail = new byte[1 << 20];
    tail[0] = 1;
    assertThat(Files.size(copy(tail))).isEqualTo(tail.length);
    byte[] text = "no zeros in here\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
    Path f = copy(text);
    assertThat(Files.readAllBytes(f)).isEqualTo(text);
    assertThat(allocated(f)).isGreaterThanOrEqualTo(text.length);
    assertThat(Files.size(copy(new byte[0]))).isZero();
  }

  private Path copy(byte[] data) throws Exception {
    Path f = Files.createTempFile(dir, "f", "");
    try (FileChannel out = FileChannel.open(f, StandardOpenOption.WRITE)) {
      assertThat(SparseFiles.copy(new ByteArrayInputStream(data), out)).isEqualTo(data.length);
    }
    return f;
  }

  private static long allocated(Path f) throws Exception {
    Process p = new ProcessBuilder("stat", "-c", "%b %B", f.toString()).start();
    String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
        .trim().split(" ");
    p.waitFor();
    return Long.parseLong(out[0]) * Long.parseLong(out[1]);
  }
}
