package io.berth.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writing files of a tree into a tar: one header from a file's {@code unix:*} attributes, and a
 * body of exactly the size the header announced. Shared by {@code docker export}/{@code diff},
 * the archive API and the builder's layer commits.
 */
public final class TarEntries {
  private TarEntries() {}

  /**
   * A header with the permission bits, owner and modification time of {@code unix} attributes
   * ({@code Files.readAttributes(p, "unix:*", NOFOLLOW_LINKS)}); the caller sets size or link.
   */
  public static TarArchiveEntry header(String name, byte flag, Map<String, Object> unix) {
    TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
    e.setMode((Integer) unix.get("mode") & 07777);
    e.setUserId(((Integer) unix.get("uid")).longValue());
    e.setGroupId(((Integer) unix.get("gid")).longValue());
    e.setModTime((FileTime) unix.get("lastModifiedTime"));
    return e;
  }

  /**
   * Writes {@code e} and then exactly {@code e.getSize()} bytes of {@code body} (none when null).
   * A file that shrank meanwhile (a running container writes it) is padded with zeros, so the
   * archive stays well-formed.
   */
  public static void put(TarArchiveOutputStream tar, TarArchiveEntry e, InputStream body)
      throws IOException {
    tar.putArchiveEntry(e);
    if (body != null) {
      long left = e.getSize();
      byte[] buf = new byte[64 * 1024];
      while (left > 0) {
        int n = body.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          tar.write(new byte[(int) left]);
          break;
        }
        tar.write(buf, 0, n);
        left -= n;
      }
    }
    tar.closeArchiveEntry();
  }
}
