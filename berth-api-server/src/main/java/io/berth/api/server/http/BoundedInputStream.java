package io.berth.api.server.http;

import java.io.IOException;
import java.io.InputStream;

/** A body of known Content-Length. */
final class BoundedInputStream extends InputStream {
  private final InputStream in;
  private long remaining;

  BoundedInputStream(InputStream in, long length) {
    this.in = in;
    this.remaining = length;
  }

  long remaining() {
    return remaining;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = in.read();
    if (b < 0) {
      throw new BadRequestBody("unexpected EOF");
    }
    remaining--;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new BadRequestBody("unexpected EOF"); // the client sent less than it announced
    }
    remaining -= n;
    return n;
  }
}
