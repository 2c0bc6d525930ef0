package io.berth.engine;

import io.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A container's file tree as the host sees it: the rootfs plus the mounts inside (volumes,
 * binds, a running container's tmpfs), each at its destination. Paths are resolved the way
 * the kernel would inside the container's root (moby {@code pkg/symlink.FollowSymlinkInScope}):
 * a symlink is read and followed from the container's {@code /}, and {@code ..} stops at it,
 * so no path ever leaves the container's tree, whatever its links point at.
 */
final class ContainerFs {
  private static final int MAX_LINKS = 255;

  /** A mount at container path {@code destination}, backed by host directory {@code host}. */
  record Mount(String destination, Path host, boolean readOnly) {
    Mount(String destination, Path host) {
      this(destination, host, false);
    }
  }

  private final Path rootfs;
  private final List<Mount> mounts;

  ContainerFs(Path rootfs, List<Mount> mounts) {
    this.rootfs = rootfs;
    this.mounts = mounts.stream()
        .map(m -> new Mount(MountPlanner.clean(m.destination()), m.host(), m.readOnly()))
        .sorted(Comparator.comparingInt((Mount m) -> m.destination().length()).reversed())
        .toList();
  }

  /**
   * The host path of a container path that is already resolved (no symlinks in it): under the
   * deepest mount that contains it, else under the rootfs.
   */
  Path host(String resolved) {
    for (Mount m : mounts) {
      String d = m.destination();
      if (resolved.equals(d)) {
        return m.host();
      }
      if (resolved.startsWith(d.equals("/") ? "/" : d + "/")) {
        return m.host().resolve(resolved.substring(d.length() + (d.equals("/") ? 0 : 1)));
      }
    }
    return resolved.equals("/") ? rootfs : rootfs.resolve(resolved.substring(1));
  }

  /** The deepest mount holding resolved path {@code resolved}; null for the rootfs. */
  Mount mountOf(String resolved) {
    for (Mount m : mounts) {
      String d = m.destination();
      if (resolved.equals(d) || resolved.startsWith(d.equals("/") ? "/" : d + "/")) {
        return m;
      }
    }
    return null;
  }

  /**
   * Resolves {@code path} inside the container: every symlink on the way is followed in the
   * container's root; the last element only when {@code followLast}. Returns the clean
   * absolute container path (which need not exist).
   */
  String resolve(String path, boolean followLast) {
    Deque<String> todo = new ArrayDeque<>(split(path));
    List<String> cur = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.equals("..")) {
        if (!cur.isEmpty()) {
          cur.removeLast();
        }
        continue;
      }
      cur.add(c);
      if (todo.isEmpty() && !followLast) {
        break;
      }
      Path h = host(join(cur));
      if (Files.isSymbolicLink(h)) {
        if (++links > MAX_LINKS) {
          throw BerthException.invalid("too many links in " + path);
        }
        String target;
        try {
          target = Files.readSymbolicLink(h).toString();
        } catch (IOException e) {
          throw BerthException.internal("readlink " + join(cur) + ": " + e, e);
        }
        cur.removeLast();
        if (target.startsWith("/")) {
          cur.clear();
        }
        List<String> parts = split(target);
        for (int i = parts.size() - 1; i >= 0; i--) {
          todo.addFirst(parts.get(i));
        }
      }
    }
    return join(cur);
  }

  /** The non-empty elements of {@code path}, {@code .} dropped, {@code ..} kept. */
  static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty() && !p.equals(".")) {
        out.add(p);
      }
    }
    return out;
  }

  static String join(List<String> parts) {
    return "/" + String.join("/", parts);
  }

  /** Joins a container directory and a name. */
  static String child(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }
}
