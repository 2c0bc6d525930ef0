package io.berth.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumableIngestTest {
  @TempDir Path root;
  final byte[] data = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  final Digest digest = Digest.sha256(data);

  @Test
  void anInterruptedWriteIsContinuedAcrossARestart() throws Exception {
    LocalContentStore first = new LocalContentStore(root);
    try (BlobWriter w = first.resumableWriter("pull-x", data.length, digest)) {
      w.write(data, 0, 6);
    }
    LocalContentStore second = new LocalContentStore(root);
    try (BlobWriter w = second.resumableWriter("pull-x", data.length, digest)) {
      assertThat(w.written()).isEqualTo(6);
      w.write(data, 6, data.length - 6);
      assertThat(w.commit().digest()).isEqualTo(digest);
    }
    assertThat(second.open(digest).readAllBytes()).isEqualTo(data);
    try (BlobWriter w = second.resumableWriter("pull-x", data.length, digest)) {
      assertThat(w.written()).isZero();
    }
  }

  @Test
  void aCorruptIngestIsDiscardedWhenItsCommitFails() throws Exception {
    LocalContentStore store = new LocalContentStore(root);
    try (BlobWriter w = store.resumableWriter("pull-y", data.length, digest)) {
      w.write("XXXXXXXXXXXXXXXX".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(w::commit).isInstanceOf(BerthException.InvalidArgument.class)
          .hasMessageContaining("unexpected digest");
    }
    assertThat(store.exists(digest)).isFalse();
    try (BlobWriter w = store.resumableWriter("pull-y", data.length, digest)) {
      assertThat(w.written()).isZero();
      w.write(data, 0, 3);
      w.truncate();
      w.write(data);
      w.commit();
    }
    assertThat(store.exists(digest)).isTrue();
  }
}
