package io.berth.api.server.routes;

import io.berth.api.server.http.Hijacked;
import io.berth.common.StdStream;
import io.berth.engine.OutputSink;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Docker's stream multiplexing ({@code moby/pkg/stdcopy}): without a tty each chunk is framed
 * as {@code [type,0,0,0,size(uint32 BE)]} + payload, type 1 stdout and 2 stderr; with a tty the
 * bytes go out raw.
 */
final class StdCopy implements OutputSink {
  static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
  static final String RAW = "application/vnd.docker.raw-stream";

  private final OutputStream out;
  private final boolean tty;
  private final Hijacked connection;

  StdCopy(OutputStream out, boolean tty) {
    this.out = out;
    this.tty = tty;
    this.connection = null;
  }

  /** On a hijacked connection, whose output direction {@link #end} closes. */
  StdCopy(Hijacked connection, boolean tty) {
    this.out = connection.output();
    this.tty = tty;
    this.connection = connection;
  }

  /** The Content-Type of an attach, exec or logs stream: multiplexed from API 1.42 without tty. */
  static String contentType(boolean tty, io.berth.api.model.ApiVersion api) {
    return !tty && api.atLeast(1, 42) ? MULTIPLEXED : RAW;
  }

  static byte[] header(StdStream stream, int length) {
    return new byte[] {(byte) (stream == StdStream.STDERR ? 2 : 1), 0, 0, 0,
        (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
  }

  @Override
  public void write(StdStream stream, byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    if (!tty) {
      out.write(header(stream, data.length));
    }
    out.write(data);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void end() throws IOException {
    if (connection != null) {
      connection.closeOutput();
    }
  }
}
