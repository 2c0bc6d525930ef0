package io.berth.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code --mount} of a host config (moby {@code api/types/mount.Mount}), as the client gave
 * it; {@link MountSpecs#mount} checks it and turns it into a {@link MountRequest}. A field the
 * client left out is null (an option object) or its zero value, so the store and the wire write
 * it back as Go's {@code omitempty} does. Fields berth does not name ({@code ClusterOptions},
 * newer API fields) are kept in {@link #other}.
 */
public record MountSpec(String type, String source, String target, boolean readOnly,
    String consistency, BindOptions bindOptions, VolumeOptions volumeOptions,
    TmpfsOptions tmpfsOptions, Map<String, Object> other) {

  public MountSpec {
    other = other == null ? new LinkedHashMap<>() : new LinkedHashMap<>(other);
  }

  /** A mount of {@code type} at {@code target}, from {@code source} (may be null). */
  public static MountSpec of(String type, String source, String target, boolean readOnly) {
    return new MountSpec(type, source, target, readOnly, null, null, null, null, null);
  }

  /** {@code BindOptions}; {@code ReadOnlyNonRecursive}/{@code ReadOnlyForceRecursive}: API 1.44. */
  public record BindOptions(String propagation, boolean nonRecursive, boolean createMountpoint,
      boolean readOnlyNonRecursive, boolean readOnlyForceRecursive) {}

  /** {@code VolumeOptions}. */
  public record VolumeOptions(boolean noCopy, Map<String, String> labels,
      DriverConfig driverConfig) {}

  /** {@code VolumeOptions.DriverConfig}. */
  public record DriverConfig(String name, Map<String, String> options) {}

  /** {@code TmpfsOptions}: the size in bytes and the mode's permission bits. */
  public record TmpfsOptions(long sizeBytes, int mode) {}
}
