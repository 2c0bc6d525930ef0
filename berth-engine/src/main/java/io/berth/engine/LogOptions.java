package io.berth.engine;

import java.time.Instant;

/**
 * {@code GET /containers/{id}/logs} options.
 *
 * @param since only entries at or after, or null
 * @param until only entries before, or null
 * @param tail the last n entries only; negative for all
 */
public record LogOptions(boolean stdout, boolean stderr, boolean follow, boolean timestamps,
    Instant since, Instant until, int tail) {}
