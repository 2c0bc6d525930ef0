package io.berth.engine;

import io.berth.snapshot.FileTar;
import io.berth.snapshot.TarEntries;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes one container path as the archive API's tar (moby {@code daemon/archive.go
 * containerArchivePath}): the entry itself under {@code name}, and for a directory everything
 * below it as {@code name/...}. Children are looked up through {@link ContainerFs}, so volume
 * and bind mounts inside are entered; symlinks are written as links, never followed.
 */
final class ArchiveWriter {
  private static final String ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,rdev";

  private final ContainerFs fs;
  private final TarArchiveOutputStream tar;

  private ArchiveWriter(ContainerFs fs, OutputStream out) {
    this.fs = fs;
    this.tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** Writes resolved container path {@code path} as {@code name}; leaves {@code out} open. */
  static void write(ContainerFs fs, String path, String name, OutputStream out)
      throws IOException {
    ArchiveWriter w = new ArchiveWriter(fs, out);
    w.entry(path, name);
    w.tar.finish();
    w.tar.flush();
  }

  private void entry(String path, String name) throws IOException {
    Path host = fs.host(path);
    Map<String, Object> a = Files.readAttributes(host, ATTRS, LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    switch (mode & 0170000) {
      case 0040000 -> {
        TarEntries.put(tar, header(name + "/", TarConstants.LF_DIR, a), null);
        List<String> children;
        try (Stream<Path> s = Files.list(host)) {
          children = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String c : children) {
          try {
            entry(ContainerFs.child(path, c), name + "/" + c);
          } catch (NoSuchFileException e) {
            // removed by the running container since the listing
          }
        }
      }
      case 0100000 -> {
        TarArchiveEntry e = header(name, TarConstants.LF_NORMAL, a);
        e.setSize((Long) a.get("size"));
        try (InputStream in = Files.newInputStream(host, LinkOption.NOFOLLOW_LINKS)) {
          TarEntries.put(tar, e, in);
        }
      }
      case 0120000 -> {
        TarArchiveEntry e = header(name, TarConstants.LF_SYMLINK, a);
        e.setLinkName(Files.readSymbolicLink(host).toString());
        TarEntries.put(tar, e, null);
      }
      case 0020000, 0060000 -> {
        TarArchiveEntry e = header(name, (mode & 0170000) == 0020000 ? TarConstants.LF_CHR
            : TarConstants.LF_BLK, a);
        long rdev = (Long) a.get("rdev");
        e.setDevMajor((int) FileTar.major(rdev));
        e.setDevMinor((int) FileTar.minor(rdev));
        TarEntries.put(tar, e, null);
      }
      case 0010000 -> TarEntries.put(tar, header(name, TarConstants.LF_FIFO, a), null);
      default -> { } // sockets: skipped, as Go's archive/tar does
    }
  }

  private static TarArchiveEntry header(String name, byte flag, Map<String, Object> a) {
    TarArchiveEntry e = TarEntries.header(name, flag, a);
    // whole seconds, as moby's pkg/archive writes them: no PAX records for sub-second times
    e.setModTime(FileTime.from(((FileTime) a.get("lastModifiedTime")).toInstant()
        .getEpochSecond(), java.util.concurrent.TimeUnit.SECONDS));
    return e;
  }
}
