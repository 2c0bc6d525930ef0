package io.berth.build;

import io.berth.snapshot.TarEntries;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An overlayfs upper directory as an OCI layer tar, as moby's overlay2 driver diffs a container
 * for commit: every entry of the upper dir is written as it is, except that a 0/0 character
 * device (a deleted path) becomes an empty {@code .wh.<name>} file and a directory marked
 * opaque ({@code trusted.overlay.opaque=y}: it replaced a deleted one) gets a
 * {@code .wh..wh..opq} entry. Names are relative, directories end in a slash, hard links inside
 * the layer are link entries. A running container (docker commit) may change files meanwhile:
 * a vanished one is skipped, a shrunk one padded.
 */
final class UpperLayerTar {
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFIFO = 0010000;
  private static final String ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,dev,ino,nlink,rdev";

  private final TarArchiveOutputStream tar;
  private final Predicate<Path> opaque;
  private final Map<String, String> firstLink = new HashMap<>();

  private UpperLayerTar(OutputStream out, Predicate<Path> opaque) {
    this.tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    this.opaque = opaque;
  }

  /** Writes the layer of {@code upper} to {@code out} (left open). */
  static void write(Path upper, OutputStream out, Predicate<Path> opaque) throws IOException {
    UpperLayerTar t = new UpperLayerTar(out, opaque);
    t.dir(upper, "");
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
        child(child, prefix);
      } catch (java.nio.file.NoSuchFileException e) {
        // gone since the listing (docker commit of a running container): no change any more
      }
    }
  }

  private void child(Path child, String prefix) throws IOException {
    {
      String name = prefix + child.getFileName();
      Map<String, Object> a = Files.readAttributes(child, ATTRS, LinkOption.NOFOLLOW_LINKS);
      int type = (Integer) a.get("mode") & S_IFMT;
      if (type == S_IFCHR && (Long) a.get("rdev") == 0L) {
        TarArchiveEntry e = TarEntries.header(prefix + ".wh." + child.getFileName(),
            TarConstants.LF_NORMAL, a);
        e.setMode(0);
        e.setSize(0);
        TarEntries.put(tar, e, null);
      } else if (type == S_IFDIR) {
        TarEntries.put(tar, TarEntries.header(name + "/", TarConstants.LF_DIR, a), null);
        if (opaque.test(child)) {
          TarArchiveEntry e = TarEntries.header(name + "/.wh..wh..opq", TarConstants.LF_NORMAL, a);
          e.setMode(0);
          e.setSize(0);
          TarEntries.put(tar, e, null);
        }
        dir(child, name + "/");
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
        e.setDevMajor((int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)));
        e.setDevMinor((int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)));
        TarEntries.put(tar, e, null);
      } else if (type == S_IFIFO) {
        TarEntries.put(tar, TarEntries.header(name, TarConstants.LF_FIFO, a), null);
      }
    }
  }

  private void regular(Path file, String name, Map<String, Object> a) throws IOException {
    if ((Integer) a.get("nlink") > 1) {
      String first = firstLink.putIfAbsent(a.get("dev") + ":" + a.get("ino"), name);
      if (first != null) {
        TarArchiveEntry e = TarEntries.header(name, TarConstants.LF_LINK, a);
        e.setLinkName(first);
        TarEntries.put(tar, e, null);
        return;
      }
    }
    TarArchiveEntry e = TarEntries.header(name, TarConstants.LF_NORMAL, a);
    e.setSize((Long) a.get("size"));
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      TarEntries.put(tar, e, in);
    }
  }
}
