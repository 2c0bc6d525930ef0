package io.berth.volume;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a volume's data lives (moby {@code volume/drivers}). Lifecycle: {@link #create} once,
 * then {@link #mount} before every container start that uses it (idempotent: a volume stays
 * mounted while it exists), {@link #remove} when it is deleted.
 */
public interface VolumeDriver {
  /** The driver's name, as {@code Driver} reports it. */
  String name();

  /**
   * Checks {@code options} and makes the volume's directory; 400 ({@code InvalidArgument}) for
   * an option the driver does not know. Nothing is left behind on failure.
   */
  Path create(String name, Map<String, String> options);

  /** Makes the data available at the returned host directory (mounts a device if asked). */
  Path mount(String name, Map<String, String> options);

  /** Unmounts what {@link #mount} mounted and deletes the volume's directory and data. */
  void remove(String name);

  /** The host directory that holds the volume's data. */
  Path path(String name);
}
