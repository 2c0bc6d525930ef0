package io.berth.content;

import io.berth.common.Digest;
import java.io.OutputStream;

/**
 * Streams one blob into an ingest file. {@link #commit} verifies and publishes; {@link #close}
 * without commit discards the ingest.
 */
public abstract class BlobWriter extends OutputStream {
  /**
   * Verifies size and digest, fsyncs, and renames into the store. A blob that exists already
   * is not an error. Throws {@code BerthException.InvalidArgument} on a mismatch (the ingest is
   * discarded).
   */
  public abstract BlobInfo commit();

  /** Bytes written so far (for a resumed ingest, including what an earlier writer left). */
  public abstract long written();

  /**
   * Releases the open file of a writer that will be written no more for a while (an archive's
   * entry waiting for the rest of the archive); {@link #commit} and {@link #close} still work,
   * and a later write reopens it. Writers without a file do nothing.
   */
  public void park() {}

  /**
   * The file the bytes go to, for a reader that follows them as they are written (a pull
   * unpacks while it downloads); null when the writer has none.
   */
  public java.nio.file.Path file() {
    return null;
  }

  /** Starts over from byte 0 (a resumed download whose server ignored the Range). */
  public void truncate() {
    throw new UnsupportedOperationException("this writer cannot start over");
  }
}
