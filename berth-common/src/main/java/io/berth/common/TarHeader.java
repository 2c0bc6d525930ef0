package io.berth.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Fields of one 512-byte tar header block (POSIX ustar, with GNU's base-256 sizes). */
final class TarHeader {
  static final int TYPE = 156;
  /** Old GNU sparse header: more sparse map blocks follow. */
  static final int GNU_EXTENDED = 482;
  /** Old GNU sparse extension block: yet another follows. */
  static final int GNU_EXT_EXTENDED = 504;
  private static final int SIZE = 124;
  private static final int SIZE_LEN = 12;
  private static final int CHECKSUM = 148;
  private static final int CHECKSUM_LEN = 8;

  private TarHeader() {}

  /** The size field, or -1 when it is not a size a tar reader accepts. */
  static long size(byte[] h) {
    if ((h[SIZE] & 0x80) != 0) {
      if ((h[SIZE] & 0xff) != 0x80) {
        return -1; // negative base-256
      }
      long v = 0;
      for (int i = SIZE + 1; i < SIZE + SIZE_LEN; i++) {
        if ((v >>> 55) != 0) {
          return -1;
        }
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    }
    int i = SIZE;
    int end = SIZE + SIZE_LEN;
    while (i < end && (h[i] == ' ' || h[i] == 0)) {
      i++;
    }
    long v = 0;
    for (; i < end && h[i] != ' ' && h[i] != 0; i++) {
      if (h[i] < '0' || h[i] > '7') {
        return -1;
      }
      v = v * 8 + (h[i] - '0');
    }
    return v;
  }

  /** Sets the size field (octal, or base-256 when it does not fit) and the checksum. */
  static void setSize(byte[] h, long size) {
    if (size < 01L << 33) {
      String octal = String.format("%011o", size);
      System.arraycopy(octal.getBytes(StandardCharsets.US_ASCII), 0, h, SIZE, 11);
      h[SIZE + 11] = 0;
    } else {
      Arrays.fill(h, SIZE, SIZE + SIZE_LEN, (byte) 0);
      h[SIZE] = (byte) 0x80;
      for (int i = SIZE + SIZE_LEN - 1; i > SIZE + 3; i--) {
        h[i] = (byte) size;
        size >>>= 8;
      }
    }
    Arrays.fill(h, CHECKSUM, CHECKSUM + CHECKSUM_LEN, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    String c = String.format("%06o", sum);
    System.arraycopy(c.getBytes(StandardCharsets.US_ASCII), 0, h, CHECKSUM, 6);
    h[CHECKSUM + 6] = 0;
    h[CHECKSUM + 7] = ' ';
  }

  /** The entry's name: ustar's prefix and name fields. */
  static String name(byte[] h) {
    String name = field(h, 0, 100);
    boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    String prefix = ustar ? field(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }
}
