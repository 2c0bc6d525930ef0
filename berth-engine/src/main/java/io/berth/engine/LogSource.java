package io.berth.engine;

import io.berth.runtime.LogEntry;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/**
 * Reads a container's log as the monitor wrote it (conmon's k8s-file format). The runtime
 * module provides the k8s-file reader; tests use an in-memory one.
 */
public interface LogSource {
  /**
   * Opens the log at {@code path}, oldest entry first. Without {@code follow} the reader ends at
   * the end of the file; with it, the reader waits for new entries until {@code stop} completes
   * and everything written before that has been read. A missing file reads as empty.
   */
  Reader open(Path path, boolean follow, CompletionStage<?> stop);

  /** A cursor over log entries. */
  interface Reader extends Closeable {
    /**
     * The next entry, or null at the end. {@link LogEntry#data()} holds the line without its
     * newline; a non-partial entry ends a line.
     */
    LogEntry next() throws IOException;
  }
}
