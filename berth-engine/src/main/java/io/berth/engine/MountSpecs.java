package io.berth.engine;

import io.berth.common.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code HostConfig.Binds} ({@code -v}) and {@code HostConfig.Mounts} ({@code --mount})
 * as moby's {@code volume/mounts/linux_parser.go} does, with its error texts.
 */
final class MountSpecs {
  private static final Set<String> PROPAGATION = Set.of("shared", "rshared", "slave", "rslave",
      "private", "rprivate");
  private static final Set<String> MODES = Set.of("ro", "rw", "z", "Z", "nocopy");

  private MountSpecs() {}

  /** One {@code -v} entry: {@code [src:]dst[:mode]}. */
  static MountRequest bind(String raw) {
    String[] arr = raw.split(":", -1);
    String source = "";
    String target;
    String mode = "";
    switch (arr.length) {
      case 1 -> target = arr[0];
      case 2 -> {
        if (validMode(arr[1])) {
          throw invalidSpec(raw);
        }
        source = arr[0];
        target = arr[1];
      }
      case 3 -> {
        source = arr[0];
        target = arr[1];
        mode = arr[2];
      }
      default -> throw invalidSpec(raw);
    }
    if (!mode.isEmpty() && !validMode(mode)) {
      throw BerthException.invalid("invalid mode: " + mode);
    }
    if (target.isEmpty() || !target.startsWith("/")) {
      throw BerthException.invalid("invalid volume specification: '" + raw + "': invalid mount"
          + " config for type \"" + (source.startsWith("/") ? "bind" : "volume")
          + "\": invalid mount path: '" + target + "' mount path must be absolute");
    }
    if (Path.of(target).normalize().toString().equals("/")) {
      throw BerthException.invalid("invalid specification: destination can't be '/'");
    }
    boolean rw = true;
    String propagation = "";
    boolean noCopy = false;
    for (String m : mode.isEmpty() ? new String[0] : mode.split(",")) {
      switch (m) {
        case "ro" -> rw = false;
        case "nocopy" -> noCopy = true;
        default -> {
          if (PROPAGATION.contains(m)) {
            propagation = m;
          }
        }
      }
    }
    if (source.startsWith("/")) {
      return new MountRequest(MountPoint.BIND, Path.of(source).normalize().toString(), target,
          rw, mode, propagation.isEmpty() ? "rprivate" : propagation, false, true, null,
          Map.of(), Map.of(), null, false);
    }
    if (!propagation.isEmpty()) {
      throw BerthException.invalid("invalid volume specification: '" + raw
          + "': invalid mount config for type \"volume\": field Propagation not allowed");
    }
    return new MountRequest(MountPoint.VOLUME, source, target, rw, mode, "", noCopy, false,
        null, Map.of(), Map.of(), null, false);
  }

  private static boolean validMode(String mode) {
    int rwModes = 0;
    int propagations = 0;
    for (String m : mode.split(",")) {
      if (MODES.contains(m)) {
        rwModes += m.equals("ro") || m.equals("rw") ? 1 : 0;
      } else if (PROPAGATION.contains(m)) {
        propagations++;
      } else {
        return false;
      }
    }
    return rwModes <= 1 && propagations <= 1;
  }

  private static BerthException invalidSpec(String raw) {
    return BerthException.invalid("invalid volume specification: '" + raw + "'");
  }

  /** One {@code HostConfig.Mounts} object ({@code --mount}). */
  static MountRequest mount(MountSpec s) {
    String type = s.type() == null || s.type().isEmpty() ? "" : s.type();
    String prefix = "invalid mount config for type \"" + type + "\": ";
    if (s.target() == null || s.target().isEmpty()) {
      throw BerthException.invalid(prefix + "field Target must not be empty");
    }
    if (!s.target().startsWith("/")) {
      throw BerthException.invalid(prefix + "invalid mount path: '" + s.target()
          + "' mount path must be absolute");
    }
    String source = s.source() == null ? "" : s.source();
    boolean rw = !s.readOnly();
    return switch (type) {
      case "bind" -> {
        if (source.isEmpty()) {
          throw BerthException.invalid(prefix + "field Source must not be empty");
        }
        if (s.volumeOptions() != null || s.tmpfsOptions() != null) {
          throw BerthException.invalid(prefix + "field " + (s.volumeOptions() != null
              ? "VolumeOptions" : "TmpfsOptions") + " must not be specified");
        }
        MountSpec.BindOptions b = s.bindOptions() == null
            ? new MountSpec.BindOptions(null, false, false, false, false)
            : s.bindOptions();
        if (!source.startsWith("/")) {
          throw BerthException.invalid(prefix + "invalid mount path: '" + source
              + "' mount path must be absolute");
        }
        if (!b.createMountpoint() && !Files.exists(Path.of(source))) {
          throw BerthException.invalid(prefix + "bind source path does not exist: " + source);
        }
        String propagation = b.propagation() == null || b.propagation().isEmpty()
            ? "rprivate" : b.propagation();
        if (!PROPAGATION.contains(propagation)) {
          throw BerthException.invalid(prefix + "invalid propagation mode: " + propagation);
        }
        yield new MountRequest(MountPoint.BIND, Path.of(source).normalize().toString(),
            s.target(), rw, "", propagation, false, b.createMountpoint(), null, Map.of(),
            Map.of(), null, b.nonRecursive());
      }
      case "volume" -> {
        if (s.bindOptions() != null || s.tmpfsOptions() != null) {
          throw BerthException.invalid(prefix + "field " + (s.bindOptions() != null
              ? "BindOptions" : "TmpfsOptions") + " must not be specified");
        }
        MountSpec.VolumeOptions v = s.volumeOptions() == null
            ? new MountSpec.VolumeOptions(false, null, null)
            : s.volumeOptions();
        MountSpec.DriverConfig d = v.driverConfig() == null
            ? new MountSpec.DriverConfig(null, null)
            : v.driverConfig();
        yield new MountRequest(MountPoint.VOLUME, source, s.target(), rw, "", "", v.noCopy(),
            false, d.name(), d.options() == null ? Map.of() : d.options(),
            v.labels() == null ? Map.of() : v.labels(), null, false);
      }
      case "tmpfs" -> {
        if (!source.isEmpty()) {
          throw BerthException.invalid(prefix + "field Source must not be specified");
        }
        if (s.bindOptions() != null || s.volumeOptions() != null) {
          throw BerthException.invalid(prefix + "field " + (s.bindOptions() != null
              ? "BindOptions" : "VolumeOptions") + " must not be specified");
        }
        List<String> opts = new ArrayList<>();
        if (s.tmpfsOptions() != null && s.tmpfsOptions().sizeBytes() > 0) {
          opts.add("size=" + s.tmpfsOptions().sizeBytes());
        }
        if (s.tmpfsOptions() != null && s.tmpfsOptions().mode() != 0) {
          opts.add("mode=" + Integer.toOctalString(s.tmpfsOptions().mode() & 07777));
        }
        if (!rw) {
          opts.add("ro");
        }
        yield new MountRequest(MountPoint.TMPFS, "", s.target(), rw, "", "", false, false,
            null, Map.of(), Map.of(), String.join(",", opts), false);
      }
      default -> throw BerthException.invalid("invalid mount config: mount type unknown: \""
          + type + "\"");
    };
  }
}
