package io.berth.common;

import java.io.IOException;
import java.io.InputStream;

/** A stream that reads in chunks: its one-byte read is a chunk of one. */
abstract class ChunkInputStream extends InputStream {
  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public abstract int read(byte[] b, int off, int len) throws IOException;
}
