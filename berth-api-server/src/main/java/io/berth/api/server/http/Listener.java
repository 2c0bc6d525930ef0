package io.berth.api.server.http;

import java.io.Closeable;
import java.io.IOException;

/** A bound server socket that hands out connections. */
public interface Listener extends Closeable {
  /** Blocks until a client connects; throws once closed. */
  Connection accept() throws IOException;

  /** The address as given on the command line, e.g. {@code unix:///run/berth/berth.sock}. */
  String address();
}
