package io.berth.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * A sparse entry's data expanded to its real size: stored segments where the map puts them,
 * zeros between, then the block padding. At its end the stored data is skipped to its end.
 */
final class SparseBody extends ChunkInputStream {
  private final BoundedInputStream data;
  private final List<long[]> map;
  private final long end;
  private long pos;
  private int seg;

  SparseBody(BoundedInputStream data, List<long[]> map, long realSize) {
    this.data = data;
    this.map = map;
    this.end = PaxSparseExpander.padded(realSize);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (seg < map.size() && pos >= map.get(seg)[0] + map.get(seg)[1]) {
      seg++;
    }
    if (pos >= end) {
      data.drain();
      return -1;
    }
    if (seg < map.size() && pos >= map.get(seg)[0]) {
      long[] s = map.get(seg);
      int n = data.read(b, off, (int) Math.min(len, s[0] + s[1] - pos));
      if (n < 0) {
        throw new IOException("Truncated TAR archive");
      }
      pos += n;
      return n;
    }
    long next = seg < map.size() ? map.get(seg)[0] : end;
    int n = (int) Math.min(len, next - pos);
    Arrays.fill(b, off, off + n, (byte) 0);
    pos += n;
    return n;
  }
}
