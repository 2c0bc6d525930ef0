package io.berth.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalContentStoreTest extends ContentStoreContract {
  @TempDir Path root;

  @Override
  protected ContentStore newStore() {
    return new LocalContentStore(root);
  }

  @Test
  void layoutOnDisk() throws Exception {
    byte[] data = "layout".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(data);
    try (BlobWriter w = store.writer("layout-ref", data.length, digest)) {
      w.write(data);
      Path ingest = root.resolve("content/ingest")
          .resolve(Digest.sha256("layout-ref".getBytes(StandardCharsets.UTF_8)).hex());
      assertThat(ingest.resolve("data")).hasBinaryContent(data);
      w.commit();
      assertThat(ingest).doesNotExist();
    }
    assertThat(root.resolve("content/blobs/sha256").resolve(digest.hex())).hasBinaryContent(data);
  }

  @Test
  void mismatchLeavesNoIngestBehind() throws Exception {
    Digest wrong = Digest.sha256(new byte[0]);
    try (BlobWriter w = store.writer("bad", -1, wrong)) {
      w.write(1);
      assertThatThrownBy(w::commit).isInstanceOf(BerthException.InvalidArgument.class);
    }
    try (Stream<Path> s = Files.list(root.resolve("content/ingest"))) {
      assertThat(s).isEmpty();
    }
    assertThat(new LocalContentStore(root).exists(Digest.sha256(new byte[] {1}))).isFalse();
  }
}
