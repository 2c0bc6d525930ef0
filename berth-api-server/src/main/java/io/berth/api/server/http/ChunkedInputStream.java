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

  /** True once the last chunk and the trailers were read. */
  boolean finished() {
    return done;
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
        while (!line().isEmpty()) {
          // trailers are ignored
        }
        return -1;
      }
    }
    if (len == 0) {
      return 0;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new BadRequestBody("unexpected EOF");
    }
    remaining -= n;
    if (remaining == 0 && !line().isEmpty()) {
      throw new BadRequestBody("malformed chunked encoding");
    }
    return n;
  }

  private String line() throws IOException {
    try {
      return HttpLines.readLine(in);
    } catch (EOFException e) {
      throw new BadRequestBody("unexpected EOF");
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().equals("line too long")) {
        throw new BadRequestBody("header line too long");
      }
      throw e;
    }
  }

  /** The size of the next chunk: hex digits only, at most 63 bits, as Go's chunked reader. */
  private long nextChunkSize() throws IOException {
    String line = line();
    int semi = line.indexOf(';');
    String hex = (semi >= 0 ? line.substring(0, semi) : line).strip();
    if (hex.isEmpty()) {
      throw new BadRequestBody("invalid byte in chunk length");
    }
    long size = 0;
    for (int i = 0; i < hex.length(); i++) {
      int d = Character.digit(hex.charAt(i), 16);
      if (d < 0) {
        throw new BadRequestBody("invalid byte in chunk length");
      }
      if (i == 16) {
        throw new BadRequestBody("http chunk length too large");
      }
      size = size << 4 | d;
    }
    if (size < 0) {
      throw new BadRequestBody("http chunk length too large");
    }
    return size;
  }
}
