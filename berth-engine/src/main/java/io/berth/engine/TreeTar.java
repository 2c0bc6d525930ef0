package io.berth.engine;

import io.berth.common.IdMap;
import io.berth.snapshot.FileTar;
import io.berth.sys.PathFd;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a directory tree as a tar stream, as {@code docker export} does: names relative to
 * the root without a leading {@code ./}, directories with a trailing slash, mode, uid/gid and
 * mtime kept, symlinks written as links (never followed), hard links of a file already written
 * as link entries, device nodes with their major/minor and fifos as themselves; sockets are
 * skipped (GNU tar skips them too). It stays on the root's filesystem: a mount point inside is
 * written as a directory but not entered. A file that vanishes while the tree is read (a
 * running container) is left out. PAX headers carry long names and big numbers.
 * Extended attributes (file capabilities) are not carried: Java reads only {@code user.} ones.
 */
public final class TreeTar {
  private final FileTar tar;
  private final long rootDev;

  private TreeTar(OutputStream out, long rootDev, IdMap ids) {
    this.tar = new FileTar(out, ids);
    this.rootDev = rootDev;
  }

  /** Writes everything under {@code root} (not the root itself) and the tar's end; leaves
   * {@code out} open. */
  public static void write(Path root, OutputStream out) throws IOException {
    write(root, out, IdMap.NONE);
  }

  /** As {@link #write(Path, OutputStream)}, owners as the container sees them ({@code ids}). */
  public static void write(Path root, OutputStream out, IdMap ids) throws IOException {
    TreeTar t = new TreeTar(out, (Long) Files.getAttribute(root, "unix:dev"), ids);
    try (PathFd fd = PathFd.openDirectory(root)) {
      t.dir(fd, "");
    }
    t.tar.finish();
  }

  /**
   * Each directory is held as a descriptor and its entries are read by their single names in
   * it, so a running container that swaps a directory for a symlink meanwhile gets the symlink
   * written, never followed to the host (CVE-2018-15664, ADR 0110).
   */
  private void dir(PathFd dir, String prefix) throws IOException {
    List<String> children;
    try (Stream<Path> s = Files.list(dir.proc())) {
      children = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    for (String child : children) {
      try {
        child(dir, child, prefix + child);
      } catch (NoSuchFileException e) {
        // gone since the listing (a running container's files change): skip it, as tar does;
        // each entry is read before its header is written, so none is left half-written
      }
    }
  }

  private void child(PathFd dir, String child, String name) throws IOException {
    Path path = dir.child(child);
    Map<String, Object> a = FileTar.attributes(path);
    if (!FileTar.isDirectory(a)) {
      tar.file(path, name, a);
      return;
    }
    tar.directory(name, a);
    if ((Long) a.get("dev") == rootDev) {
      try (PathFd sub = dir.open(child)) {
        if (sub.stat().isDirectory()) { // not swapped for something else since the lstat
          dir(sub, name + "/");
        }
      }
    }
  }
}
