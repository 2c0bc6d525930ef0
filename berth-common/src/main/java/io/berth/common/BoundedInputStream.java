package io.berth.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * The first {@code length} bytes of a stream: an HTTP body of known Content-Length (both ends of
 * the API: the server's request reader, the CLI's response reader) and a tar entry's data
 * ({@link PaxSparseExpander}). What a stream that ends early means is the caller's:
 * {@link #strict} throws its error (the server answers 400, the tar reader says truncated),
 * {@link #owning} just ends, as a client reading a cut response does.
 */
public final class BoundedInputStream extends InputStream {
  private final InputStream in;
  private final Supplier<IOException> truncated;
  private final boolean closesSource;
  private long left;

  private BoundedInputStream(InputStream in, long length, Supplier<IOException> truncated,
      boolean closesSource) {
    this.in = in;
    this.left = length;
    this.truncated = truncated;
    this.closesSource = closesSource;
  }

  /** Throws {@code truncated}'s error when {@code in} ends early; close leaves {@code in} open. */
  public static BoundedInputStream strict(InputStream in, long length,
      Supplier<IOException> truncated) {
    return new BoundedInputStream(in, length, truncated, false);
  }

  /** Ends when {@code in} ends early; close closes {@code in}. */
  public static BoundedInputStream owning(InputStream in, long length) {
    return new BoundedInputStream(in, length, null, true);
  }

  /** The bytes not read yet. */
  public long remaining() {
    return left;
  }

  @Override
  public int read() throws IOException {
    if (left <= 0) {
      return -1;
    }
    int b = in.read();
    if (b < 0) {
      return ended();
    }
    left--;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (left <= 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) {
      return ended();
    }
    left -= n;
    return n;
  }

  /** Skips what is left of the bound, as a tar reader moving to the next entry does. */
  public void drain() throws IOException {
    while (left > 0) {
      long n = in.skip(left);
      if (n <= 0) {
        if (in.read() < 0) {
          ended();
          return;
        }
        n = 1;
      }
      left -= n;
    }
  }

  private int ended() throws IOException {
    if (truncated != null) {
      throw truncated.get();
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    if (closesSource) {
      in.close();
    }
  }
}
