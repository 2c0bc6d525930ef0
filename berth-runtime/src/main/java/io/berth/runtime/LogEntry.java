package io.berth.runtime;

import io.berth.common.StdStream;
import java.time.Instant;

/** One line (or partial line) of a container's log, as conmon's k8s-file driver records it. */
public record LogEntry(Instant time, StdStream stream, byte[] data, boolean partial) {}
