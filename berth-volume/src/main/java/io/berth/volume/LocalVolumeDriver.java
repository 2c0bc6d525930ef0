package io.berth.volume;

import io.berth.common.BerthException;
import io.berth.common.IdMap;
import io.berth.common.Messages;
import io.berth.sys.SyscallException;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code local} driver (moby {@code volume/local/local.go}): a directory
 * {@code <root>/volumes/<name>/_data}; with {@code type}, {@code device} and {@code o} the
 * device is mounted there, as {@code mount -t <type> -o <o> <device> _data} would ({@code o}'s
 * flag words become mount flags, the rest is the file system's data). Unlike Docker, which
 * unmounts when the last container stops, a mounted device stays mounted until the volume is
 * removed (or the host reboots; the next container start mounts it again).
 */
public final class LocalVolumeDriver implements VolumeDriver {
  private static final Set<String> OPTIONS = Set.of("type", "device", "o");
  private static final Map<String, Long> FLAGS = Map.ofEntries(
      Map.entry("ro", Syscalls.MS_RDONLY), Map.entry("rw", 0L),
      Map.entry("nosuid", Syscalls.MS_NOSUID), Map.entry("suid", 0L),
      Map.entry("nodev", Syscalls.MS_NODEV), Map.entry("dev", 0L),
      Map.entry("noexec", Syscalls.MS_NOEXEC), Map.entry("exec", 0L),
      Map.entry("bind", Syscalls.MS_BIND), Map.entry("rbind", Syscalls.MS_BIND | Syscalls.MS_REC),
      Map.entry("defaults", 0L));

  private final Path volumes;
  private final Syscalls sys;
  private final IdMap ids;

  /** @param volumes {@code <root>/volumes} */
  public LocalVolumeDriver(Path volumes, Syscalls sys) {
    this(volumes, sys, IdMap.NONE);
  }

  /** @param ids the daemon's {@code userns-remap}: a new {@code _data} belongs to its root */
  public LocalVolumeDriver(Path volumes, Syscalls sys, IdMap ids) {
    this.volumes = volumes;
    this.sys = sys;
    this.ids = ids;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Path create(String name, Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw BerthException.invalid("create " + name + ": invalid option key: \"" + key + "\"");
      }
    }
    boolean device = options.containsKey("type") || options.containsKey("device");
    if (device && (options.getOrDefault("type", "").isEmpty()
        || options.getOrDefault("device", "").isEmpty())) {
      throw BerthException.invalid("create " + name
          + ": missing required option: \"type\" and \"device\" go together");
    }
    if (!device && options.containsKey("o")) {
      throw BerthException.invalid("create " + name + ": invalid option: \"o\" needs \"type\"");
    }
    Path data = path(name);
    try {
      Files.createDirectories(data.getParent());
      Files.createDirectory(data);
      if (ids.remapped()) {
        sys.lchown(data.toString(), ids.hostUid(0), ids.hostGid(0));
      }
      return data;
    } catch (IOException e) {
      throw BerthException.internal("create " + name + ": " + e, e);
    }
  }

  @Override
  public Path mount(String name, Map<String, String> options) {
    Path data = path(name);
    if (!options.containsKey("device") || MountTable.isMountPoint(data)) {
      return data;
    }
    long flags = 0;
    List<String> rest = new ArrayList<>();
    for (String o : options.getOrDefault("o", "").split(",")) {
      if (o.isEmpty()) {
        continue;
      }
      Long f = FLAGS.get(o);
      if (f != null) {
        flags |= f;
      } else {
        rest.add(o);
      }
    }
    String type = options.get("type");
    try {
      sys.mount(options.get("device"), data.toString(), type.equals("none") ? null : type, flags,
          rest.isEmpty() ? null : String.join(",", rest));
    } catch (SyscallException e) {
      throw BerthException.internal("error while mounting volume '" + data + "': failed to mount"
          + " local volume: mount " + options.get("device") + ":" + data + ", flags: 0x"
          + Long.toHexString(flags) + ", data: " + String.join(",", rest) + ": "
          + Messages.of(e), e);
    }
    return data;
  }

  @Override
  public void remove(String name) {
    Path data = path(name);
    if (MountTable.isMountPoint(data)) {
      try {
        sys.umount2(data.toString(), Syscalls.MNT_DETACH);
      } catch (SyscallException e) {
        throw BerthException.internal("remove " + name + ": unmount: " + Messages.of(e), e);
      }
    }
    if (Files.isDirectory(data) && !sameDevice(data, data.getParent())) {
      // still a mount point (the unmount did not take): deleting would empty the device
      throw BerthException.internal("remove " + name + ": " + data + " is still mounted", null);
    }
    FileTree.delete(data.getParent());
  }

  private static boolean sameDevice(Path a, Path b) {
    try {
      return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public Path path(String name) {
    return volumes.resolve(name).resolve("_data");
  }
}
