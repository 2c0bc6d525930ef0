package io.berth.api.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connection taken over after {@code 101 UPGRADED}: raw bytes both ways. The client
 * half-closes when its stdin ends ({@link #input()} reads EOF) and keeps reading output until
 * {@link #closeOutput()}.
 */
public final class Hijacked {
  private final InputStream in;
  private final OutputStream out;
  private final Connection connection;

  Hijacked(InputStream in, OutputStream out, Connection connection) {
    this.in = in;
    this.out = out;
    this.connection = connection;
  }

  /** The client's bytes (buffered bytes that followed the request head come first). */
  public InputStream input() {
    return in;
  }

  public OutputStream output() {
    return out;
  }

  /** Flushes and ends the output direction; the client sees EOF. */
  public void closeOutput() throws IOException {
    out.flush();
    connection.shutdownOutput();
  }
}
