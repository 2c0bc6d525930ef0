package io.berth.engine;

import java.util.List;

/**
 * What {@code container prune} removed.
 *
 * @param spaceReclaimed the bytes of the removed containers' writable layers (moby's SizeRw)
 */
public record ContainersPruned(List<String> deleted, long spaceReclaimed) {}
