package io.berth.content;

import io.berth.common.Digest;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Content-addressed blobs under {@code <root>/content/blobs/sha256/<hex>}.
 *
 * <p>A blob is written through a {@link BlobWriter} to an ingest file; size and digest are
 * computed while it streams, and {@link BlobWriter#commit} fsyncs and renames it into place only
 * when they match. A blob that fails verification is never visible.
 */
public interface ContentStore {
  /**
   * Opens a writer for a new blob.
   *
   * @param ref a name for the ingest (one writer per ref at a time); a later issue resumes by it
   * @param expectedSize the size, or -1 when unknown
   * @param expected the digest, or null when unknown (then it is whatever was written)
   */
  BlobWriter writer(String ref, long expectedSize, Digest expected);

  /**
   * Opens a resumable writer: what an earlier writer of {@code ref} left behind (an interrupted
   * download, even across a daemon restart) is kept, and {@link BlobWriter#written()} says how
   * much; closing without commit keeps the bytes for next time. A failed commit discards them.
   * Stores that cannot resume start from nothing.
   */
  default BlobWriter resumableWriter(String ref, long expectedSize, Digest expected) {
    return writer(ref, expectedSize, expected);
  }

  /** True when the blob is committed. */
  boolean exists(Digest digest);

  /** Size and digest of a committed blob; {@code BerthException.NotFound} when absent. */
  BlobInfo info(Digest digest);

  /** Reads a committed blob; {@code BerthException.NotFound} when absent. */
  InputStream open(Digest digest);

  /** Deletes a committed blob; absent is not an error. */
  void delete(Digest digest);

  /** Calls {@code fn} for every committed blob. */
  void walk(Consumer<BlobInfo> fn);
}
