package io.berth.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** GNU sparse maps: {offset, numbytes} pairs of the data that is not a hole. */
final class SparseMap {
  /** Bounds the memory a hostile map can take (16 bytes a pair). */
  private static final long MAX_PAIRS = 1 << 20;

  private SparseMap() {}

  /** Format 1.0's map, in decimal lines at the start of the data, padded to a block. */
  static List<long[]> read1x(InputStream data) throws IOException {
    long[] read = {0};
    long count = PaxSparseExpander.number(line(data, read));
    if (count > MAX_PAIRS) {
      throw new IOException("invalid tar: sparse map of " + count + " entries");
    }
    List<long[]> map = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      map.add(new long[] {PaxSparseExpander.number(line(data, read)),
          PaxSparseExpander.number(line(data, read))});
    }
    long pad = PaxSparseExpander.padded(read[0]) - read[0];
    if (data.readNBytes((int) pad).length != pad) {
      throw new IOException("Truncated TAR archive");
    }
    return map;
  }

  private static String line(InputStream data, long[] read) throws IOException {
    StringBuilder s = new StringBuilder();
    while (true) {
      int c = data.read();
      if (c < 0) {
        throw new IOException("Truncated TAR archive");
      }
      read[0]++;
      if (c == '\n') {
        return s.toString();
      }
      if (s.length() > 20) {
        throw new IOException("invalid tar: sparse map line too long");
      }
      s.append((char) c);
    }
  }

  /** Segments in order, not overlapping, inside the real size, no more data than stored. */
  static void check(List<long[]> map, long realSize, long stored) throws IOException {
    if (realSize < 0) {
      throw new IOException("invalid tar: sparse file without a real size");
    }
    if (map.size() > MAX_PAIRS) {
      throw new IOException("invalid tar: sparse map of " + map.size() + " entries");
    }
    long end = 0;
    long total = 0;
    for (long[] s : map) {
      if (s[0] < end || s[1] > realSize || s[0] > realSize - s[1]) {
        throw new IOException("invalid tar: sparse map out of order or beyond the file");
      }
      end = s[0] + s[1];
      total += s[1];
    }
    if (total > stored) {
      throw new IOException("invalid tar: sparse map holds more data than the entry");
    }
  }
}
