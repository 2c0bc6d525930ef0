package io.berth.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviours every {@link ContentStore} has; subclass it with a fresh store per test. */
public abstract class ContentStoreContract {
  private static final byte[] HELLO = "hello, blob".getBytes(StandardCharsets.UTF_8);
  private static final Digest HELLO_DIGEST = Digest.sha256(HELLO);

  protected ContentStore store;

  /** A new, empty store. */
  protected abstract ContentStore newStore() throws Exception;

  @BeforeEach
  void setUpStore() throws Exception {
    store = newStore();
  }

  private BlobInfo put(byte[] data, long size, Digest digest) throws Exception {
    try (BlobWriter w = store.writer("ref-" + (digest == null ? "x" : digest.hex()), size, digest)) {
      w.write(data);
      return w.commit();
    }
  }

  @Test
  void committedBlobIsReadable() throws Exception {
    BlobInfo info = put(HELLO, HELLO.length, HELLO_DIGEST);
    assertThat(info).isEqualTo(new BlobInfo(HELLO_DIGEST, HELLO.length));
    assertThat(store.exists(HELLO_DIGEST)).isTrue();
    assertThat(store.info(HELLO_DIGEST)).isEqualTo(info);
    try (InputStream in = store.open(HELLO_DIGEST)) {
      assertThat(in.readAllBytes()).isEqualTo(HELLO);
    }
  }

  @Test
  void unknownDigestAndSizeTakeWhatWasWritten() throws Exception {
    BlobInfo info = put(HELLO, -1, null);
    assertThat(info.digest()).isEqualTo(HELLO_DIGEST);
    assertThat(info.size()).isEqualTo(HELLO.length);
  }

  @Test
  void digestMismatchIsNeverCommitted() throws Exception {
    Digest wrong = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> put(HELLO, HELLO.length, wrong))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("failed to commit blob: unexpected digest " + HELLO_DIGEST
            + ", expected " + wrong);
    assertThat(store.exists(HELLO_DIGEST)).isFalse();
    assertThat(store.exists(wrong)).isFalse();
    assertThat(walk()).isEmpty();
  }

  @Test
  void sizeMismatchIsNeverCommitted() throws Exception {
    assertThatThrownBy(() -> put(HELLO, HELLO.length + 1, HELLO_DIGEST))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("unexpected commit size " + HELLO.length);
    assertThat(store.exists(HELLO_DIGEST)).isFalse();
  }

  @Test
  void closeWithoutCommitDiscardsAndFreesTheRef() throws Exception {
    try (BlobWriter w = store.writer("r", -1, null)) {
      w.write(HELLO);
      assertThat(w.written()).isEqualTo(HELLO.length);
    }
    assertThat(walk()).isEmpty();
    try (BlobWriter w = store.writer("r", -1, null)) {
      w.write(HELLO);
      w.commit();
    }
    assertThat(store.exists(HELLO_DIGEST)).isTrue();
  }

  @Test
  void oneWriterPerRef() throws Exception {
    try (BlobWriter w = store.writer("same", -1, null)) {
      assertThatThrownBy(() -> store.writer("same", -1, null))
          .isInstanceOf(BerthException.Conflict.class);
    }
  }

  @Test
  void committingAnExistingBlobIsFine() throws Exception {
    put(HELLO, HELLO.length, HELLO_DIGEST);
    try (BlobWriter w = store.writer("again", HELLO.length, HELLO_DIGEST)) {
      w.write(HELLO);
      assertThat(w.commit()).isEqualTo(new BlobInfo(HELLO_DIGEST, HELLO.length));
    }
    assertThat(walk()).containsExactly(new BlobInfo(HELLO_DIGEST, HELLO.length));
  }

  @Test
  void missingBlobIsNotFound() {
    assertThat(store.exists(HELLO_DIGEST)).isFalse();
    assertThatThrownBy(() -> store.info(HELLO_DIGEST)).isInstanceOf(BerthException.NotFound.class);
    assertThatThrownBy(() -> store.open(HELLO_DIGEST)).isInstanceOf(BerthException.NotFound.class);
    store.delete(HELLO_DIGEST);
  }

  @Test
  void deleteAndWalk() throws Exception {
    byte[] other = "other".getBytes(StandardCharsets.UTF_8);
    put(HELLO, HELLO.length, HELLO_DIGEST);
    put(other, other.length, Digest.sha256(other));
    assertThat(walk()).containsExactlyInAnyOrder(new BlobInfo(HELLO_DIGEST, HELLO.length),
        new BlobInfo(Digest.sha256(other), other.length));
    store.delete(HELLO_DIGEST);
    assertThat(store.exists(HELLO_DIGEST)).isFalse();
    assertThat(walk()).containsExactly(new BlobInfo(Digest.sha256(other), other.length));
  }

  @Test
  void concurrentWritersOfTheSameBlob() throws Exception {
    byte[] big = new byte[1 << 20];
    new java.util.Random(7).nextBytes(big);
    Digest digest = Digest.sha256(big);
    int writers = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<BlobInfo>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String ref = "concurrent-" + i;
        results.add(pool.submit(() -> {
          start.await();
          try (BlobWriter w = store.writer(ref, big.length, digest)) {
            for (int off = 0; off < big.length; off += 4096) {
              w.write(big, off, 4096);
            }
            return w.commit();
          }
        }));
      }
      start.countDown();
      for (Future<BlobInfo> result : results) {
        assertThat(result.get()).isEqualTo(new BlobInfo(digest, big.length));
      }
    } finally {
      pool.shutdownNow();
    }
    try (InputStream in = store.open(digest)) {
      assertThat(in.readAllBytes()).isEqualTo(big);
    }
    assertThat(walk()).containsExactly(new BlobInfo(digest, big.length));
  }

  private List<BlobInfo> walk() {
    List<BlobInfo> all = new ArrayList<>();
    store.walk(all::add);
    return all;
  }
}
