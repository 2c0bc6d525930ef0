package io.berth.runtime;

import io.berth.common.StdStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A connection to a monitor's attach socket. {@link #read} returns output messages until the
 * process's stdio closes; {@link #stdin} writes to the container's stdin.
 */
public interface AttachStream extends Closeable {
  /** The next output chunk, or null at the end. */
  Frame read() throws IOException;

  /** The container's stdin; closing it closes stdin for the container (EOF) if allowed. */
  OutputStream stdin();

  /** One chunk of output. */
  record Frame(StdStream stream, byte[] data) {}
}
