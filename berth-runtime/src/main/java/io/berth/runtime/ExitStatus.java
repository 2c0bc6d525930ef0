package io.berth.runtime;

import java.time.Instant;

/**
 * How a process ended: its exit code (128+signal when killed, as Docker reports), when, and
 * whether the kernel's OOM killer did it.
 */
public record ExitStatus(int code, Instant exitedAt, boolean oomKilled) {}
