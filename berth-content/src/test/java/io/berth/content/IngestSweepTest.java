package io.berth.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestSweepTest {
  @TempDir Path root;

  @Test
  void aRestartDropsIngestsLeftByACrashAndKeepsBlobs() throws Exception {
    LocalContentStore first = new LocalContentStore(root);
    byte[] data = "kept".getBytes();
    try (BlobWriter w = first.writer("kept", data.length, Digest.sha256(data))) {
      w.write(data);
      w.commit();
    }
    BlobWriter abandoned = first.writer("crashed", -1, null);
    abandoned.write("half".getBytes());
    // no commit, no close: the process "crashes" here
    try (var s = Files.list(root.resolve("content/ingest"))) {
      assertThat(s.count()).isEqualTo(1);
    }
    LocalContentStore second = new LocalContentStore(root);
    try (var s = Files.list(root.resolve("content/ingest"))) {
      assertThat(s.count()).isZero();
    }
    assertThat(second.exists(Digest.sha256(data))).isTrue();
  }
}
