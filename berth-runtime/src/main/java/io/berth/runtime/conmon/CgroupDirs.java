package io.berth.runtime.conmon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Removes the per-container cgroup directories runc leaves behind. On a cgroup v1 (hybrid)
 * host, {@code runc delete} (1.1.5) kills the processes but leaves the now empty
 * {@code <controller>/<cgroupsPath>} directory in every hierarchy (seen on these machines).
 * An empty cgroup directory is removed with rmdir(2), its control files notwithstanding.
 *
 * <p>The parent goes too when it is empty and named {@code berth-*} (a per-run parent, as
 * the tests use); a shared parent such as {@code /berth} stays: removing it could race with
 * runc creating a sibling container under it.
 */
final class CgroupDirs {
  private final Path root;

  CgroupDirs(Path root) {
    this.root = root;
  }

  static CgroupDirs system() {
    return new CgroupDirs(Path.of("/sys/fs/cgroup"));
  }

  /** Best effort: a busy or missing directory is left as it is. */
  void remove(String cgroupsPath) {
    if (cgroupsPath == null || !cgroupsPath.startsWith("/") || cgroupsPath.contains("..")) {
      return; // systemd "slice:prefix:name" paths are the systemd driver's to clean
    }
    String rel = cgroupsPath.substring(1);
    if (rel.isEmpty() || !Files.isDirectory(root)) {
      return;
    }
    try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(root)) {
      for (Path h : hierarchies) {
        if (!Files.isDirectory(h, LinkOption.NOFOLLOW_LINKS)) {
          continue; // cpu -> cpu,cpuacct and friends are symlinks to the same hierarchy
        }
        Path dir = h.resolve(rel);
        rmdir(dir);
        Path parent = dir.getParent();
        if (!parent.equals(h) && parent.getFileName().toString().startsWith("berth-")) {
          rmdir(parent);
        }
      }
    } catch (IOException e) {
      // cannot list the hierarchies: nothing to clean that we could reach
    }
  }

  private static void rmdir(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // EBUSY (processes left) or ENOTEMPTY (child cgroups): not ours to force
    }
  }
}
