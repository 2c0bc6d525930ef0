package io.berth.api.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Chunked response body. Every {@link #flush()} sends what was written as one chunk, so a
 * progress message or a log frame reaches the client at once.
 */
final class ChunkedOutputStream extends OutputStream {
  private final OutputStream out;
  private final byte[] buf = new byte[8192];
  private int count;
  private boolean closed;

  ChunkedOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buf.length) {
      writeChunk();
    }
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len >= buf.length) {
      writeChunk();
      writeChunk(b, off, len);
      return;
    }
    if (len > buf.length - count) {
      writeChunk();
    }
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  @Override
  public void flush() throws IOException {
    writeChunk();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    writeChunk();
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void writeChunk() throws IOException {
    writeChunk(buf, 0, count);
    count = 0;
  }

  private void writeChunk(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(b, off, len);
    out.write(new byte[] {'\r', '\n'});
  }
}
