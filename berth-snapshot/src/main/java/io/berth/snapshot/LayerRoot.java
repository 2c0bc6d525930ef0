package io.berth.snapshot;

import io.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Places tar entry names inside one layer directory, never outside it.
 *
 * <p>Docker's chrootarchive gets this from {@code chroot(2)}; a JVM cannot chroot one thread,
 * so names are resolved component by component here: {@code ..} and symlinks already in the
 * layer are followed lexically inside the root. A name that climbs above the root, or a path
 * through a symlink that is absolute or climbs above the root, is rejected: a layer made by
 * {@code docker save}/{@code buildkit} never contains one, so it is a hostile tar, and
 * failing the load says so where silently rewriting it would not.
 */
final class LayerRoot {
  private static final int MAX_SYMLINKS = 40; // the kernel's own limit (ELOOP)

  private final Path root;

  LayerRoot(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path path() {
    return root;
  }

  /**
   * A tar entry name as components below the root: leading {@code /} and {@code ./} dropped,
   * {@code ..} applied lexically; empty for the root itself.
   */
  static List<String> normalise(String name) {
    List<String> parts = new ArrayList<>();
    for (String c : name.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (parts.isEmpty()) {
          throw escapes(name);
        }
        parts.removeLast();
        continue;
      }
      parts.add(c);
    }
    return parts;
  }

  /**
   * The real directory inside the root that holds the last of {@code parts}, following
   * symlinks inside the layer; missing directories are created (0755) when {@code create}.
   */
  Path parentOf(List<String> parts, String name, boolean create) throws IOException {
    Deque<String> todo = new ArrayDeque<>(parts.subList(0, parts.size() - 1));
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (done.isEmpty()) {
          throw escapes(name);
        }
        done.removeLast();
        continue;
      }
      Path p = resolve(done).resolve(c);
      BasicFileAttributes a = lstat(p);
      if (a == null) {
        if (!create) {
          throw BerthException.invalid("failed to apply layer: " + name + ": no such directory");
        }
        Files.createDirectory(p);
        done.add(c);
      } else if (a.isSymbolicLink()) {
        if (++links > MAX_SYMLINKS) {
          throw BerthException.invalid("failed to apply layer: " + name + ": too many symlinks");
        }
        String target = Files.readSymbolicLink(p).toString();
        if (target.startsWith("/")) {
          throw escapes(name);
        }
        String[] t = target.split("/");
        for (int i = t.length - 1; i >= 0; i--) {
          todo.addFirst(t[i]);
        }
      } else if (a.isDirectory()) {
        done.add(c);
      } else {
        throw BerthException.invalid("failed to apply layer: " + name + ": not a directory");
      }
    }
    return resolve(done);
  }

  private Path resolve(List<String> components) {
    Path p = root;
    for (String c : components) {
      p = p.resolve(c);
    }
    return p;
  }

  /** lstat, or null when nothing is there. */
  static BasicFileAttributes lstat(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  static BerthException escapes(String name) {
    return BerthException.invalid("failed to apply layer: " + name + ": path escapes the layer");
  }
}
