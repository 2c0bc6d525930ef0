package io.berth.engine;

import io.berth.common.IdMap;
import io.berth.snapshot.TarEntries;
import io.berth.sys.PathFd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes one container path as the archive API's tar (moby {@code daemon/archive.go
 * containerArchivePath}): the entry itself under {@code name}, and for a directory everything
 * below it as {@code name/...}. Every entry is read through a descriptor opened one name at a
 * time below the one before ({@link ContainerRoot#openChild}), so a directory the container
 * swaps for a symlink meanwhile is written as that symlink, never followed; mounts inside are
 * entered.
 */
final class ArchiveWriter {
  private final ContainerRoot root;
  private final TarArchiveOutputStream tar;
  private final IdMap ids;

  private ArchiveWriter(ContainerRoot root, OutputStream out, IdMap ids) {
    this.root = root;
    this.ids = ids;
    this.tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /**
   * Writes {@code found} as {@code name}, owners as the container sees them ({@code ids}: the
   * daemon's userns-remap); leaves {@code out} open.
   */
  static void write(ContainerRoot root, ContainerRoot.Found found, String name, OutputStream out,
      IdMap ids) throws IOException {
    ArchiveWriter w = new ArchiveWriter(root, out, ids);
    w.entry(found.fd(), found.path(), name);
    w.tar.finish();
    w.tar.flush();
  }

  private void entry(PathFd fd, String path, String name) throws IOException {
    PathFd.Stat st = fd.stat();
    switch (st.type()) {
      case 0040000 -> {
        TarEntries.put(tar, header(name + "/", TarConstants.LF_DIR, st), null);
        List<String> children;
        try (Stream<java.nio.file.Path> s = Files.list(fd.proc())) {
          children = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String c : children) {
          try (PathFd child = root.openChild(fd, path, c)) {
            entry(child, ContainerRoot.child(path, c), name + "/" + c);
          } catch (NoSuchFileException e) {
            // removed by the running container since the listing
          }
        }
      }
      case 0100000 -> {
        TarArchiveEntry e = header(name, TarConstants.LF_NORMAL, st);
        e.setSize(st.size());
        try (InputStream in = Files.newInputStream(fd.proc())) {
          TarEntries.put(tar, e, in);
        }
      }
      case 0120000 -> {
        TarArchiveEntry e = header(name, TarConstants.LF_SYMLINK, st);
        e.setLinkName(fd.readlink());
        TarEntries.put(tar, e, null);
      }
      case 0020000, 0060000 -> {
        TarArchiveEntry e = header(name, st.type() == 0020000 ? TarConstants.LF_CHR
            : TarConstants.LF_BLK, st);
        e.setDevMajor((int) st.rdevMajor());
        e.setDevMinor((int) st.rdevMinor());
        TarEntries.put(tar, e, null);
      }
      case 0010000 -> TarEntries.put(tar, header(name, TarConstants.LF_FIFO, st), null);
      default -> { } // sockets: skipped, as Go's archive/tar does
    }
  }

  /** Whole seconds, as moby's pkg/archive writes them: no PAX records for sub-second times. */
  private TarArchiveEntry header(String name, byte flag, PathFd.Stat st) {
    return TarEntries.header(name, flag, Map.of("mode", st.mode(),
        "uid", (int) ids.containerUid(Integer.toUnsignedLong(st.uid())),
        "gid", (int) ids.containerGid(Integer.toUnsignedLong(st.gid())),
        "lastModifiedTime", FileTime.from(st.mtimeSeconds(), TimeUnit.SECONDS)));
  }
}
