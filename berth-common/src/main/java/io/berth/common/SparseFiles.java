package io.berth.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** Writes files with their runs of zeros left as holes, as {@code cp --sparse=always}. */
public final class SparseFiles {
  private static final int CHUNK = 64 * 1024;
  private static final int BLOCK = 4096;
  private static final byte[] ZEROS = new byte[BLOCK];

  private SparseFiles() {}

  /**
   * Copies {@code in} to {@code out} from its position, seeking over whole zero blocks instead
   * of writing them; the file ends at the last byte copied. Returns the bytes copied.
   */
  public static long copy(InputStream in, FileChannel out) throws IOException {
    byte[] buf = new byte[CHUNK];
    long copied = 0;
    boolean endsInHole = false;
    int n;
    while ((n = in.readNBytes(buf, 0, CHUNK)) > 0) {
      int off = 0;
      while (off < n) {
        boolean zero = isZero(buf, off, n);
        int end = off + Math.min(BLOCK, n - off);
        while (end < n && isZero(buf, end, n) == zero) {
          end += Math.min(BLOCK, n - end);
        }
        if (zero) {
          out.position(out.position() + (end - off));
        } else {
          ByteBuffer b = ByteBuffer.wrap(buf, off, end - off);
          while (b.hasRemaining()) {
            out.write(b);
          }
        }
        endsInHole = zero;
        off = end;
      }
      copied += n;
    }
    if (endsInHole) { // seeking does not grow a file: its last byte is written
      out.write(ByteBuffer.wrap(new byte[1]), out.position() - 1);
    }
    return copied;
  }

  private static boolean isZero(byte[] buf, int off, int limit) {
    int len = Math.min(BLOCK, limit - off);
    return Arrays.mismatch(buf, off, off + len, ZEROS, 0, len) < 0;
  }
}
