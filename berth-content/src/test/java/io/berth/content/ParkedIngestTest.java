package io.berth.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Digest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: a parked ingest holds no file open and still writes, commits and discards whole. */
class ParkedIngestTest {
  @TempDir Path root;

  private static long openFds() throws Exception {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  @Test
  void parkedWritersHoldNoDescriptorAndCommitWhatWasWritten() throws Exception {
    LocalContentStore store = new LocalContentStore(root);
    long before = openFds();
    List<BlobWriter> writers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      BlobWriter w = store.writer("w" + i, -1, null);
      w.write(("part one of " + i + ";").getBytes());
      w.park();
      writers.add(w);
    }
    assertThat(openFds() - before).isLessThan(20);
    byte[] expected = "part one of 7;part two".getBytes();
    BlobWriter seven = writers.get(7);
    seven.write("part two".getBytes()); // reopens, appends at the end
    BlobInfo info = seven.commit();
    assertThat(info.digest()).isEqualTo(Digest.sha256(expected));
    try (InputStream in = store.open(info.digest())) {
      assertThat(in.readAllBytes()).isEqualTo(expected);
    }
    for (BlobWriter w : writers) {
      w.close();
    }
    try (var s = Files.list(root.resolve("content/ingest"))) {
      assertThat(s.toList()).isEmpty();
    }
  }
}
