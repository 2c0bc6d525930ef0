package io.berth.snapshot;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Skips (never passes) a privileged test whose prerequisite is missing, naming it. */
final class Privileges {
  private Privileges() {}

  static void assumeRoot() {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "needs root (mknod, lchown, trusted.* xattrs, mount)");
  }

  static void assumeOverlay() throws IOException {
    assumeRoot();
    assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n"),
        "needs overlayfs in /proc/filesystems (modprobe overlay)");
  }

  /** True when something is mounted at or below {@code dir} (per /proc/self/mountinfo). */
  static boolean mountedUnder(Path dir) throws IOException {
    return Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + dir);
  }
}
