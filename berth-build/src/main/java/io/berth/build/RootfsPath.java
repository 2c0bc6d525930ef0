package io.berth.build;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside a mounted root filesystem, resolved as the container would see them: every
 * symlink on the way is followed relative to the root (an absolute link target means the
 * root, and {@code ..} stops at the root), so nothing a build copies lands outside it
 * (moby's {@code symlink.FollowSymlinkInScope}).
 */
final class RootfsPath {
  private RootfsPath() {}

  /** {@code path} (absolute in the container) resolved under {@code root}. */
  static Path resolve(Path root, String path) {
    return resolve(root, path, true);
  }

  /** As {@link #resolve}, but a final symlink is not followed (what COPY overwrites). */
  static Path resolveParent(Path root, String path) {
    return resolve(root, path, false);
  }

  private static Path resolve(Path root, String path, boolean followLast) {
    Deque<String> todo = new ArrayDeque<>(split(path));
    Deque<String> done = new ArrayDeque<>();
    int hops = 0;
    while (!todo.isEmpty()) {
      String part = todo.removeFirst();
      if (part.equals("..")) {
        done.pollLast();
        continue;
      }
      done.addLast(part);
      Path here = join(root, done);
      if ((todo.isEmpty() && !followLast) || !Files.isSymbolicLink(here)) {
        continue;
      }
      if (++hops > 255) {
        throw BerthException.invalid("too many levels of symbolic links in " + path);
      }
      String target;
      try {
        target = Files.readSymbolicLink(here).toString();
      } catch (IOException e) {
        throw BerthException.internal("read link " + here + ": " + Messages.of(e), e);
      }
      done.removeLast();
      if (target.startsWith("/")) {
        done.clear();
      }
      List<String> parts = split(target);
      for (int i = parts.size() - 1; i >= 0; i--) {
        todo.addFirst(parts.get(i));
      }
    }
    return join(root, done);
  }

  private static List<String> split(String path) {
    return java.util.Arrays.stream(path.split("/"))
        .filter(s -> !s.isEmpty() && !s.equals(".")).toList();
  }

  private static Path join(Path root, Deque<String> parts) {
    Path p = root;
    for (String s : parts) {
      p = p.resolve(s);
    }
    return p;
  }

  /**
   * {@code user[:group]} as numeric IDs, names looked up in the root's /etc/passwd and
   * /etc/group ({@code --chown}); a user alone means its primary group, or the same number.
   */
  static int[] owner(Path root, String spec) {
    String[] ug = spec.split(":", 2);
    int uid;
    int gid;
    String[] pw = ug[0].matches("\\d+") ? find(root, "etc/passwd", 2, ug[0])
        : find(root, "etc/passwd", 0, ug[0]);
    if (ug[0].matches("\\d+")) {
      uid = Integer.parseInt(ug[0]);
    } else if (pw != null) {
      uid = Integer.parseInt(pw[2]);
    } else {
      throw BerthException.invalid("unable to convert uid/gid chown string to host mapping:"
          + " can't find uid for user " + ug[0] + ": no such user: " + ug[0]);
    }
    if (ug.length == 1) {
      gid = pw != null && !ug[0].matches("\\d+") ? Integer.parseInt(pw[3]) : uid;
    } else if (ug[1].matches("\\d+")) {
      gid = Integer.parseInt(ug[1]);
    } else {
      String[] gr = find(root, "etc/group", 0, ug[1]);
      if (gr == null) {
        throw BerthException.invalid("unable to convert uid/gid chown string to host mapping:"
            + " can't find gid for group " + ug[1] + ": no such group: " + ug[1]);
      }
      gid = Integer.parseInt(gr[2]);
    }
    return new int[] {uid, gid};
  }

  private static String[] find(Path root, String file, int field, String value) {
    Path f = resolve(root, file);
    try {
      if (!Files.isRegularFile(f)) {
        return null;
      }
      for (String line : Files.readAllLines(f)) {
        String[] parts = line.split(":", -1);
        if (parts.length > 3 && parts[field].equals(value)) {
          return parts;
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
