package io.berth.snapshot;

import io.berth.common.IdMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A tar of files read from a tree, entry by entry, as moby's pkg/archive writes one: PAX
 * headers for long names and big numbers, directories with a trailing slash, symlinks written
 * as links (never followed), a file already written once under another name as a hard-link
 * entry, device nodes with their major/minor, fifos as themselves, sockets skipped. Walking the
 * tree (which directories to enter, what else to write) is the caller's: {@code docker export}
 * and the builder's layer commits walk differently.
 */
public final class FileTar {
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFIFO = 0010000;
  private static final String ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,dev,ino,nlink,rdev";

  private final TarArchiveOutputStream tar;
  private final IdMap ids;
  private final Map<String, String> firstLink = new HashMap<>(); // "dev:ino" -> name

  public FileTar(OutputStream out) {
    this(out, IdMap.NONE);
  }

  /** @param ids the daemon's userns-remap: owners are written as the container sees them */
  public FileTar(OutputStream out, IdMap ids) {
    this.ids = ids;
    tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** The {@code unix} attributes every entry needs, of the path itself (links not followed). */
  public static Map<String, Object> attributes(Path p) throws IOException {
    return Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
  }

  public static boolean isDirectory(Map<String, Object> a) {
    return type(a) == S_IFDIR;
  }

  /** A character device 0/0: how overlayfs records a deleted path in an upper dir. */
  public static boolean isWhiteout(Map<String, Object> a) {
    return type(a) == S_IFCHR && (Long) a.get("rdev") == 0L;
  }

  /** A directory's entry ({@code name/}); its children are the caller's to write. */
  public void directory(String name, Map<String, Object> a) throws IOException {
    TarEntries.put(tar, header(name + "/", TarConstants.LF_DIR, a), null);
  }

  /** An empty regular file with mode 0 and the owner and time of {@code a}: an OCI whiteout. */
  public void marker(String name, Map<String, Object> a) throws IOException {
    TarArchiveEntry e = header(name, TarConstants.LF_NORMAL, a);
    e.setMode(0);
    e.setSize(0);
    TarEntries.put(tar, e, null);
  }

  /** Any entry but a directory; sockets are skipped, as GNU tar and Go's archive/tar do. */
  public void file(Path file, String name, Map<String, Object> a) throws IOException {
    int type = type(a);
    if (type == S_IFREG) {
      regular(file, name, a);
    } else if (type == S_IFLNK) {
      TarArchiveEntry e = header(name, TarConstants.LF_SYMLINK, a);
      e.setLinkName(Files.readSymbolicLink(file).toString());
      TarEntries.put(tar, e, null);
    } else if (type == S_IFCHR || type == S_IFBLK) {
      TarArchiveEntry e = header(name, type == S_IFCHR ? TarConstants.LF_CHR
          : TarConstants.LF_BLK, a);
      long rdev = (Long) a.get("rdev");
      e.setDevMajor((int) major(rdev));
      e.setDevMinor((int) minor(rdev));
      TarEntries.put(tar, e, null);
    } else if (type == S_IFIFO) {
      TarEntries.put(tar, header(name, TarConstants.LF_FIFO, a), null);
    }
  }

  /** Writes the tar's end; the underlying stream stays open. */
  public void finish() throws IOException {
    tar.finish();
    tar.flush();
  }

  private void regular(Path file, String name, Map<String, Object> a) throws IOException {
    if ((Integer) a.get("nlink") > 1) {
      String first = firstLink.putIfAbsent(a.get("dev") + ":" + a.get("ino"), name);
      if (first != null) {
        TarArchiveEntry e = header(name, TarConstants.LF_LINK, a);
        e.setLinkName(first);
        TarEntries.put(tar, e, null);
        return;
      }
    }
    TarArchiveEntry e = header(name, TarConstants.LF_NORMAL, a);
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      // the size read with the attributes: a running container may change the file meanwhile,
      // and a tar entry must hold exactly the bytes its header announces
      e.setSize((Long) a.get("size"));
      TarEntries.put(tar, e, in);
    }
  }

  private TarArchiveEntry header(String name, byte flag, Map<String, Object> a) {
    TarArchiveEntry e = TarEntries.header(name, flag, a);
    if (ids.remapped()) {
      e.setUserId(ids.containerUid(e.getLongUserId()));
      e.setGroupId(ids.containerGid(e.getLongGroupId()));
    }
    return e;
  }

  private static int type(Map<String, Object> a) {
    return (Integer) a.get("mode") & S_IFMT;
  }

  /** glibc's {@code major()}/{@code minor()} for the kernel's 64-bit dev_t. */
  public static long major(long dev) {
    return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
  }

  public static long minor(long dev) {
    return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
  }
}
