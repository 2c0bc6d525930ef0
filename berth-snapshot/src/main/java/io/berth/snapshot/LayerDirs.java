package io.berth.snapshot;

import io.berth.common.IdMap;
import java.nio.file.Path;

/**
 * An optional capability of a {@link Snapshotter} that keeps each snapshot's own layer as a
 * plain directory (overlayfs: a committed layer, or an active snapshot's upper dir). The engine
 * reads these directly to compute {@code docker diff}, as moby's overlay2 driver does.
 */
public interface LayerDirs {
  /**
   * The directory that holds snapshot {@code key}'s own files (not its parents').
   *
   * @throws io.berth.common.BerthException.NotFound when there is no such snapshot
   */
  Path fsDir(String key);

  /** The id mapping the layers are unpacked with (the daemon's userns-remap); none by default. */
  default IdMap ids() {
    return IdMap.NONE;
  }
}
