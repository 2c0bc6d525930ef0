package io.berth.runtime.conmon;

import io.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * crun on a cgroup v1/v2 hybrid host. crun 1.8 refuses such hosts ("cgroups in hybrid mode not
 * supported, drop all controllers from cgroupv2") because it finds the v2 hierarchy mounted at
 * {@code /sys/fs/cgroup/unified}. Run in a private mount namespace where that mount is covered
 * by an empty tmpfs, crun sees a plain v1 host and uses the v1 controllers, as runc does; the
 * host's mounts are untouched. The wrapper is a shell script in the exec root, so conmon can
 * call it as the runtime binary.
 */
public final class HybridCrun {
  private HybridCrun() {}

  /** Whether this host mounts the v2 hierarchy beside v1 controllers. */
  public static boolean hybridHost() {
    return Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.controllers"))
        && !Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
  }

  /** Writes the wrapper for {@code crun} under {@code execRoot} and returns it as a runtime. */
  public static RuntimeBinary wrap(Path crun, List<String> args, Path execRoot) {
    Path script = execRoot.resolve("crun-hybrid");
    String text = "#!/bin/sh\n"
        + "# Written by berthd: crun with the cgroup v2 mount of this hybrid host hidden.\n"
        + "exec unshare -m sh -c 'mount -t tmpfs -o size=4k,mode=0555 berth-hide-cgroup2 "
        + "/sys/fs/cgroup/unified && exec \"$0\" \"$@\"' '" + crun + "' \"$@\"\n";
    try {
      Files.createDirectories(execRoot);
      Path tmp = script.resolveSibling("crun-hybrid.tmp");
      Files.writeString(tmp, text);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(tmp, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw BerthException.internal("write crun wrapper " + script, e);
    }
    return new RuntimeBinary(script, args);
  }
}
