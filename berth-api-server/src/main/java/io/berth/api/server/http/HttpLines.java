package io.berth.api.server.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads CRLF (or LF) terminated header lines, bounded so a client cannot exhaust memory. */
final class HttpLines {
  static final int MAX_LINE = 64 * 1024;

  private HttpLines() {}

  /** One line without its terminator; EOF before any byte throws {@link EOFException}. */
  static String readLine(InputStream in) throws IOException {
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
      if (n == buf.length) {
        if (n >= MAX_LINE) {
          throw new IOException("header line too long");
        }
        buf = java.util.Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = (byte) b;
    }
    if (n > 0 && buf[n - 1] == '\r') {
      n--;
    }
    return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }
}
