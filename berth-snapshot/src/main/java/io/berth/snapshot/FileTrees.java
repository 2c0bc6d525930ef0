package io.berth.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/** Recursive delete and disk usage of a directory tree, never following symlinks. */
final class FileTrees {
  private FileTrees() {}

  /** rm -rf: removes {@code path} and all below it; a missing path is fine. */
  static void delete(Path path) throws IOException {
    if (LayerRoot.lstat(path) == null) {
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null && !(exc instanceof NoSuchFileException)) {
          throw exc;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * Apparent size of every distinct inode below {@code dir} (hard links counted once, as
   * moby's {@code directory.Size} does), and the number of those inodes.
   */
  static Usage usage(Path dir) throws IOException {
    Set<Object> seen = new HashSet<>();
    long[] totals = new long[2];
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        count(attrs);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        count(attrs);
        return FileVisitResult.CONTINUE;
      }

      private void count(BasicFileAttributes attrs) {
        Object key = attrs.fileKey();
        if (key != null && !seen.add(key)) {
          return;
        }
        totals[1]++;
        if (!attrs.isDirectory()) {
          totals[0] += attrs.size();
        }
      }
    });
    return new Usage(totals[0], totals[1]);
  }
}
