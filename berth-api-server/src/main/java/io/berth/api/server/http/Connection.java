package io.berth.api.server.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One accepted client connection. Reads and writes may happen on two threads at once (a
 * hijacked attach copies stdin and output concurrently), and each direction can be shut down on
 * its own: a client half-closes when its stdin ends and still reads output.
 */
public interface Connection extends Closeable {
  InputStream input();

  OutputStream output();

  /** Sends FIN to the client; reading goes on. */
  void shutdownOutput() throws IOException;

  /**
   * Closes the connection from another thread, so that a read blocked on it ends (a client
   * that sends no request head in time). The default is {@link #close()}.
   */
  default void abort() throws IOException {
    close();
  }

  /** A short description of the peer for logs. */
  String describe();
}
