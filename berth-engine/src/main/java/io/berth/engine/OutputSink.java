package io.berth.engine;

import io.berth.common.StdStream;
import java.io.IOException;

/**
 * Where attach, exec and logs output goes; the API server frames it (stdcopy without a tty,
 * raw bytes with one).
 */
@FunctionalInterface
public interface OutputSink {
  void write(StdStream stream, byte[] data) throws IOException;

  /** Sends what was written so far (a streaming client waits for it). */
  default void flush() throws IOException {}

  /**
   * The output has ended (and an exec's exit code is in): the client may be told, by a
   * half-close, before its own input is dropped.
   */
  default void end() throws IOException {}
}
