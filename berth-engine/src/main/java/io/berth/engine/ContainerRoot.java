package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.sys.PathFd;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's file tree, opened as directory descriptors, for the archive API and copy-up
 * (ADR 0110). Paths are resolved the way the kernel resolves them inside the container's root
 * (moby {@code FollowSymlinkInScope}, {@code RESOLVE_IN_ROOT}): one name at a time with
 * {@code openat(O_NOFOLLOW)} relative to the directory already held, a symlink read and
 * followed from the container's {@code /}, {@code ..} going back to the directory held before
 * and stopping at the root. The kernel's own {@code ..} and its symlink following are never
 * used, so a container that renames, swaps or re-links its directories while we walk can only
 * send us to another place inside its own tree (CVE-2018-15664).
 *
 * <p>The root is either a running container's {@code /proc/<pid>/root}, where the kernel
 * crosses into its volumes, binds and tmpfs, or a stopped container's snapshot mounted at a
 * scratch directory, with {@code mounts}: container paths whose content comes from another
 * host directory (a volume's {@code _data}, a bind source), entered when a walk reaches them.
 */
final class ContainerRoot implements AutoCloseable {
  private static final int MAX_LINKS = 255;
  private static final int MAX_DEPTH = 1024;

  /** A resolved container path and, when it exists, a descriptor on it (the caller's). */
  record Found(PathFd fd, String path) implements AutoCloseable {
    @Override
    public void close() {
      if (fd != null) {
        fd.close();
      }
    }
  }

  private enum Missing { FAIL, CREATE, STOP }

  private final PathFd root;
  private final Map<String, PathFd> mounts;

  private ContainerRoot(PathFd root, Map<String, PathFd> mounts) {
    this.root = root;
    this.mounts = mounts;
  }

  /**
   * Opens {@code rootfs} with host directories (or files) mounted at container paths. Each
   * host path is trusted: berthd made it or the user named it as a bind source.
   */
  static ContainerRoot open(Path rootfs, Map<String, Path> mounted) throws IOException {
    Map<String, PathFd> fds = new HashMap<>();
    PathFd root = PathFd.openDirectory(rootfs);
    try {
      for (Map.Entry<String, Path> m : mounted.entrySet()) {
        fds.put(MountPlanner.clean(m.getKey()), PathFd.openTrusted(m.getValue()));
      }
    } catch (IOException | RuntimeException e) {
      fds.values().forEach(PathFd::close);
      root.close();
      throw e;
    }
    return new ContainerRoot(root, fds);
  }

  /** Opens {@code path}; NoSuchFileException when a part of it is missing. */
  Found open(String path, boolean followLast) throws IOException {
    return walk(null, path, followLast, Missing.FAIL);
  }

  /**
   * Opens {@code relative} below directory {@code from}, which stays where it is whatever
   * happens to the names that led to it; {@code ..} and absolute links still end at the root.
   */
  Found open(Found from, String relative, boolean followLast) throws IOException {
    return walk(from, relative, followLast, Missing.FAIL);
  }

  /** As {@link #open(Found, String, boolean)}, making missing directories (mode 0755). */
  Found openDirectories(Found from, String relative) throws IOException {
    Found f = walk(from, relative, true, Missing.CREATE);
    if (!f.fd().stat().isDirectory()) {
      f.close();
      throw new NotDirectoryException(f.path());
    }
    return f;
  }

  /** The clean container path {@code path} resolves to, which need not exist. */
  String resolve(String path, boolean followLast) throws IOException {
    try (Found f = walk(null, path, followLast, Missing.STOP)) {
      return f.path();
    }
  }

  /**
   * Opens entry {@code name} of directory {@code dir} (at container path {@code dirPath})
   * without following it; a mount at that path is entered. NoSuchFileException when absent.
   */
  PathFd openChild(PathFd dir, String dirPath, String name) throws IOException {
    PathFd mount = mounts.get(child(dirPath, name));
    return mount != null ? mount.reopen() : dir.open(name);
  }

  /** Whether a mount (a stopped container's volume or bind) sits at {@code path}. */
  boolean isMountPoint(String path) {
    return mounts.containsKey(path);
  }

  /** The content of regular file {@code path}, links followed; null when absent or too big. */
  String readSmallFile(String path, int limit) {
    try (Found f = open(path, true); InputStream in = f.fd().read()) {
      byte[] b = in.readNBytes(limit + 1);
      return b.length > limit ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The walk: {@code names} is where we are, {@code fds} holds a descriptor for each prefix of
   * it (null where the walk started below it and has not needed it: then it is opened again
   * from the root, by name, when {@code ..} climbs back to it).
   */
  private Found walk(Found from, String path, boolean followLast, Missing missing)
      throws IOException {
    Deque<String> todo = new ArrayDeque<>(split(path));
    List<String> names = new ArrayList<>();
    List<PathFd> fds = new ArrayList<>();
    if (from != null) {
      names.addAll(split(from.path()));
      for (int i = 0; i < names.size() - 1; i++) {
        fds.add(null);
      }
      if (!names.isEmpty()) {
        fds.add(from.fd().reopen());
      }
    }
    int links = 0;
    try {
      while (!todo.isEmpty()) {
        String c = todo.pollFirst();
        if (c.equals("..")) {
          if (!names.isEmpty()) {
            PathFd gone = fds.removeLast();
            if (gone != null) {
              gone.close();
            }
            names.removeLast();
          }
          continue;
        }
        boolean last = todo.isEmpty();
        PathFd at = current(names, fds);
        String here = join(names);
        PathFd next;
        try {
          next = openChild(at, here, c);
        } catch (NoSuchFileException e) {
          if (missing == Missing.FAIL) {
            throw new NoSuchFileException(child(here, c));
          }
          if (missing == Missing.STOP) {
            names.add(c);
            return new Found(null, lexical(names, todo));
          }
          try {
            Files.createDirectory(at.child(c));
          } catch (FileAlreadyExistsException raced) {
            // made meanwhile: opened and checked below like any other entry
          }
          next = openChild(at, here, c);
        }
        PathFd.Stat st;
        try {
          st = next.stat();
        } catch (IOException e) {
          next.close();
          throw e;
        }
        if (st.isSymlink() && (!last || followLast)) {
          String target;
          try {
            target = next.readlink();
          } finally {
            next.close();
          }
          if (++links > MAX_LINKS) {
            throw BerthException.invalid("too many links in " + path);
          }
          if (target.startsWith("/")) {
            closeAll(fds);
            names.clear();
          }
          List<String> parts = split(target);
          for (int i = parts.size() - 1; i >= 0; i--) {
            todo.addFirst(parts.get(i));
          }
          continue;
        }
        if (!last && !st.isDirectory()) {
          next.close();
          throw new NotDirectoryException(child(here, c));
        }
        fds.add(next);
        names.add(c);
        if (fds.size() > MAX_DEPTH) {
          throw BerthException.invalid("path too deep: " + path);
        }
      }
      if (names.isEmpty()) {
        return new Found(root.reopen(), "/");
      }
      PathFd result = current(names, fds);
      fds.set(fds.size() - 1, null); // the caller's now
      return new Found(result, join(names));
    } finally {
      closeAll(fds);
    }
  }

  /** The descriptor of where the walk is; opened again from the root when the walk has none. */
  private PathFd current(List<String> names, List<PathFd> fds) throws IOException {
    if (names.isEmpty()) {
      return root;
    }
    if (fds.getLast() == null) {
      fds.set(fds.size() - 1, walk(null, join(names), true, Missing.FAIL).fd());
    }
    return fds.getLast();
  }

  private static void closeAll(List<PathFd> fds) {
    for (PathFd fd : fds) {
      if (fd != null) {
        fd.close();
      }
    }
    fds.clear();
  }

  /** {@code names} followed by the rest of a walk, {@code ..} applied as text. */
  private static String lexical(List<String> names, Deque<String> rest) {
    List<String> out = new ArrayList<>(names);
    for (String c : rest) {
      if (!c.equals("..")) {
        out.add(c);
      } else if (!out.isEmpty()) {
        out.removeLast();
      }
    }
    return join(out);
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

  @Override
  public void close() {
    mounts.values().forEach(PathFd::close);
    root.close();
  }
}
