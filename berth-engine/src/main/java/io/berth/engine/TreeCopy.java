package io.berth.engine;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Copies a directory's content into an empty one keeping owner, mode and mtime, symlinks as
 * links (moby {@code daemon/volumes_unix.go copyExistingContents} and
 * {@code pkg/archive CopyWithTar}); the target directory takes the source's owner and mode.
 * Sockets and device nodes are skipped. Nothing is followed out of the source.
 */
final class TreeCopy {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private TreeCopy() {}

  static void copy(Path source, Path target) throws IOException {
    List<Runnable> dirTimes = new ArrayList<>();
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        Path to = target.resolve(source.relativize(dir).toString());
        if (!dir.equals(source)) {
          Files.createDirectory(to);
        }
        owner(dir, to);
        FileTime mtime = attrs.lastModifiedTime();
        dirTimes.add(() -> {
          try {
            Files.setLastModifiedTime(to, mtime);
          } catch (IOException e) {
            // times are best effort
          }
        });
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path to = target.resolve(source.relativize(file).toString());
        if (attrs.isSymbolicLink()) {
          Files.createSymbolicLink(to, Files.readSymbolicLink(file));
          owner(file, to);
        } else if (attrs.isRegularFile()) {
          Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, NOFOLLOW);
          owner(file, to);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    dirTimes.reversed().forEach(Runnable::run);
  }

  /** chown first (it clears setuid), then the full mode; a symlink keeps its own mode. */
  static void owner(Path from, Path to) throws IOException {
    Map<String, Object> a = Files.readAttributes(from, "unix:uid,gid,mode", NOFOLLOW);
    Files.setAttribute(to, "unix:uid", a.get("uid"), NOFOLLOW);
    Files.setAttribute(to, "unix:gid", a.get("gid"), NOFOLLOW);
    if (!Files.isSymbolicLink(to)) {
      Files.setAttribute(to, "unix:mode", (Integer) a.get("mode") & 07777, NOFOLLOW);
    }
  }
}
