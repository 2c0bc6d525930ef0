package io.berth.api.server.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Decodes a chunked request body (the docker CLI streams build contexts and loads this way). */
final class ChunkedInputStream extends InputStream {
  private final InputStream in;
  private long remaining;
  private boolean done;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done) {
      return -1;
    }
    if (remaining == 0) {
      remaining = nextChunkSize();
      if (remaining == 0) {
        done = true;
        while (!HttpLines.readLine(in).isEmpty()) {
          // trailers are ignored
        }
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new EOFException("unexpected end of chunked body");
    }
    remaining -= n;
    if (remaining == 0) {
      HttpLines.readLine(in);
    }
    return n;
  }

  private long nextChunkSize() throws IOException {
    String line = HttpLines.readLine(in);
    int semi = line.indexOf(';');
    String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
    try {
      return Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IOException("bad chunk size: " + hex, e);
    }
  }
}
