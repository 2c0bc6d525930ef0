package io.berth.api.server.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads CRLF (or LF) terminated lines, bounded so a client cannot exhaust memory. */
final class HttpLines {
  /** The longest chunk-size or trailer line of a chunked body (Go's {@code maxLineLength}). */
  static final int MAX_LINE = 4096;

  private HttpLines() {}

  /** One line of at most {@link #MAX_LINE} bytes; EOF before any byte throws {@link EOFException}. */
  static String readLine(InputStream in) throws IOException {
    String line = readLine(in, MAX_LINE);
    if (line == null) {
      throw new IOException("line too long");
    }
    return line;
  }

  /**
   * One line without its terminator, or null when it has more than {@code max} bytes (the rest
   * of it is not read). EOF before any byte throws {@link EOFException}.
   */
  static String readLine(InputStream in, int max) throws IOException {
    byte[] buf = new byte[256];
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (n == 0) {
          throw new EOFException();
        }
        break;
      }
      if (b == '\n') {
        break;
      }
      if (n >= max) {
        return null;
      }
      if (n == buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.min(n * 2, max + 1));
      }
      buf[n++] = (byte) b;
    }
    if (n > 0 && buf[n - 1] == '\r') {
      n--;
    }
    return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }
}
