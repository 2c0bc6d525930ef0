package io.berth.runtime.log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Complete lines from a growing file: a line without its newline yet stays buffered until the
 * writer finishes it, so following a log never yields half an entry.
 */
final class LineReader {
  private final InputStream in;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final byte[] buf = new byte[8192];
  private int pos;
  private int len;
  private int mark;

  LineReader(InputStream in) {
    this.in = in;
  }

  /** The next complete line without its newline, or null when none is complete yet. */
  byte[] next() throws IOException {
    while (true) {
      for (; pos < len; pos++) {
        if (buf[pos] == '\n') {
          pending.write(buf, mark, pos - mark);
          pos++;
          mark = pos;
          byte[] line = pending.toByteArray();
          pending.reset();
          return line;
        }
      }
      pending.write(buf, mark, len - mark);
      int n = in.read(buf);
      pos = 0;
      mark = 0;
      len = Math.max(n, 0);
      if (n <= 0) {
        return null; // EOF for now; a growing file may have more later
      }
    }
  }
}
