package io.berth.engine;

import java.util.List;
import java.util.Map;

/**
 * What the routes change about a container's record rather than its process: removal, names,
 * links, pruning (moby {@code stateBackend}'s {@code ContainerRm}, {@code ContainerRename}, and
 * {@code ContainersPrune}).
 */
public interface ContainerRecords {
  /**
   * Removes it; 409 when it runs unless {@code force}; with {@code volumes} ({@code rm -v}) its
   * anonymous volumes too.
   */
  void remove(String ref, boolean force, boolean volumes);

  /** Renames it; 409 when the name is taken. */
  void rename(String ref, String newName);

  /**
   * {@code docker rm --link /parent/alias}: the parent forgets the link; 409 for a container's
   * own name, 404 when the parent does not exist.
   */
  void removeLink(String linkName);

  /** {@code container prune}: the stopped containers removed and their layers' bytes. */
  ContainersPruned prune(Map<String, List<String>> filters);
}
