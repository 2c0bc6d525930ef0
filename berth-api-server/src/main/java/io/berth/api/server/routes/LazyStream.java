package io.berth.api.server.routes;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * A response body that starts the response at its first write, so that a service method
 * which fails before producing anything (404 unknown container, 500 mount failure) still gets
 * its error status instead of a 200 with a truncated stream. Closing an unstarted one does
 * nothing, so a try-with-resources around a failing call leaves the error to the server.
 */
final class LazyStream extends OutputStream {
  private final Supplier<OutputStream> start;
  private OutputStream out;

  LazyStream(Supplier<OutputStream> start) {
    this.start = start;
  }

  private OutputStream out() {
    if (out == null) {
      out = start.get();
    }
    return out;
  }

  @Override
  public void write(int b) throws IOException {
    out().write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out().write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    if (out != null) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
