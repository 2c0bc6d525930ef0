package io.berth.build;

import io.berth.snapshot.Mounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** The builder's scratch space under {@code <exec-root>/build}: contexts, mounts, layer tars. */
final class ScratchDirs {
  private ScratchDirs() {}

  /**
   * Removes what a build cut short by a daemon stop left: its mounts first, since deleting
   * under a mount would reach into a snapshot.
   */
  static void cleanUp(Path work, Mounter mounter) {
    if (!Files.isDirectory(work)) {
      return;
    }
    try (var builds = Files.list(work)) {
      for (Path b : builds.toList()) {
        try (var mnts = Files.list(b)) {
          for (Path m : mnts.filter(p -> p.getFileName().toString().startsWith("mnt-")).toList()) {
            mounter.unmount(m);
          }
        }
      }
    } catch (IOException e) {
      return; // leave it: deleting under a mount would reach into a snapshot
    }
    deleteTree(work);
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // scratch space under the exec root: a reboot clears what is left
    }
  }
}
