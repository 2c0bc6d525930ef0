package io.berth.engine;

import io.berth.snapshot.TarEntries;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

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
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFIFO = 0010000;
  private static final String ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,dev,ino,nlink,rdev";

  private final Path root;
  private final TarArchiveOutputStream tar;
  private final Map<String, String> firstLink = new HashMap<>(); // "dev:ino" -> name
  private long rootDev;

  private TreeTar(Path root, OutputStream out) {
    this.root = root;
    this.tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** Writes everything under {@code root} (not the root itself) and the tar's end; leaves
   * {@code out} open. */
  public static void write(Path root, OutputStream out) throws IOException {
    TreeTar t = new TreeTar(root, out);
    t.rootDev = (Long) Files.getAttribute(root, "unix:dev");
    t.dir(root, "");
    t.tar.finish();
    t.tar.flush();
  }

  private void dir(Path dir, String prefix) throws IOException {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.sorted().toList();
    }
    for (Path child : children) {
      try {
        child(child, prefix + child.getFileName());
      } catch (NoSuchFileException e) {
        // gone since the listing (a running container's files change): skip it, as tar does;
        // each entry is read before its header is written, so none is left half-written
      }
    }
  }

  private void child(Path child, String name) throws IOException {
    Map<String, Object> a = Files.readAttributes(child, ATTRS, LinkOption.NOFOLLOW_LINKS);
    int type = (Integer) a.get("mode") & S_IFMT;
    if (type == S_IFDIR) {
      TarEntries.put(tar, TarEntries.header(name + "/", TarConstants.LF_DIR, a), null);
      if ((Long) a.get("dev") == rootDev) {
        dir(child, name + "/");
      }
    } else if (type == S_IFREG) {
      regular(child, name, a);
    } else if (type == S_IFLNK) {
      TarArchiveEntry e = TarEntries.header(name, TarConstants.LF_SYMLINK, a);
      e.setLinkName(Files.readSymbolicLink(child).toString());
      TarEntries.put(tar, e, null);
    } else if (type == S_IFCHR || type == S_IFBLK) {
      TarArchiveEntry e = TarEntries.header(name, type == S_IFCHR ? TarConstants.LF_CHR
          : TarConstants.LF_BLK, a);
      long rdev = (Long) a.get("rdev");
      e.setDevMajor((int) major(rdev));
      e.setDevMinor((int) minor(rdev));
      TarEntries.put(tar, e, null);
    } else if (type == S_IFIFO) {
      TarEntries.put(tar, TarEntries.header(name, TarConstants.LF_FIFO, a), null);
    }
  }

  private void regular(Path file, String name, Map<String, Object> a) throws IOException {
    if ((Integer) a.get("nlink") > 1) {
      String key = a.get("dev") + ":" + a.get("ino");
      String first = firstLink.putIfAbsent(key, name);
      if (first != null) {
        TarArchiveEntry e = TarEntries.header(name, TarConstants.LF_LINK, a);
        e.setLinkName(first);
        TarEntries.put(tar, e, null);
        return;
      }
    }
    TarArchiveEntry e = TarEntries.header(name, TarConstants.LF_NORMAL, a);
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      // the size is the one read now: a running container may change the file meanwhile,
      // and a tar entry must hold exactly the bytes its header announces
      e.setSize((Long) a.get("size"));
      TarEntries.put(tar, e, in);
    }
  }

  /** glibc's {@code major()}/{@code minor()} for the kernel's 64-bit dev_t. */
  static long major(long dev) {
    return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
  }

  static long minor(long dev) {
    return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
  }
}
