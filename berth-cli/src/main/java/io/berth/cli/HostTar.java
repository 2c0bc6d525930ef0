package io.berth.cli;

import io.berth.common.PaxSparseExpander;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** {@code cp}'s tars on the host side: a host path to a tar, and a tar into a host directory. */
final class HostTar {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private HostTar() {}

  /**
   * Writes {@code source} as {@code name} (its content at the top for an empty name); returns
   * the bytes of file content written.
   */
  static long write(Path source, String name, OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    long n = entry(tar, source, name);
    tar.finish();
    tar.flush();
    return n;
  }

  private static long entry(TarArchiveOutputStream tar, Path p, String name) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime",
        NOFOLLOW);
    int mode = (Integer) a.get("mode");
    long total = 0;
    switch (mode & 0170000) {
      case 0040000 -> {
        if (!name.isEmpty()) {
          put(tar, header(name + "/", TarConstants.LF_DIR, a), null);
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(p)) {
          children = s.sorted().toList();
        }
        for (Path c : children) {
          total += entry(tar, c, (name.isEmpty() ? "" : name + "/") + c.getFileName());
        }
      }
      case 0100000 -> {
        TarArchiveEntry e = header(name, TarConstants.LF_NORMAL, a);
        e.setSize((Long) a.get("size"));
        try (InputStream in = Files.newInputStream(p, NOFOLLOW)) {
          put(tar, e, in);
        }
        total += e.getSize();
      }
      case 0120000 -> {
        TarArchiveEntry e = header(name, TarConstants.LF_SYMLINK, a);
        e.setLinkName(Files.readSymbolicLink(p).toString());
        put(tar, e, null);
      }
      default -> { } // devices, fifos and sockets stay on the host
    }
    return total;
  }

  private static TarArchiveEntry header(String name, byte flag, Map<String, Object> a) {
    TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
    e.setMode((Integer) a.get("mode") & 07777);
    e.setUserId(((Integer) a.get("uid")).longValue());
    e.setGroupId(((Integer) a.get("gid")).longValue());
    e.setModTime(FileTime.from(((FileTime) a.get("lastModifiedTime")).toInstant()
        .getEpochSecond(), TimeUnit.SECONDS));
    return e;
  }

  private static void put(TarArchiveOutputStream tar, TarArchiveEntry e, InputStream body)
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

  /**
   * Unpacks {@code tar} into directory {@code into}. {@code rename} replaces the first element
   * of every name ("" drops it); null keeps the names. Names that climb out with {@code ..} are
   * refused and no symlink is followed while writing. Returns the bytes of file content.
   */
  static long extract(InputStream body, Path into, String rename) throws IOException {
    TarArchiveInputStream in = new TarArchiveInputStream(new PaxSparseExpander(body));
    List<Runnable> dirTimes = new ArrayList<>();
    long total = 0;
    TarArchiveEntry e;
    while ((e = in.getNextEntry()) != null) {
      List<String> parts = new ArrayList<>();
      for (String s : e.getName().split("/")) {
        if (s.equals("..")) {
          throw new CliException("invalid tar entry: " + e.getName());
        }
        if (!s.isEmpty() && !s.equals(".")) {
          parts.add(s);
        }
      }
      if (rename != null && !parts.isEmpty()) {
        parts.removeFirst();
        if (!rename.isEmpty()) {
          parts.addFirst(rename);
        }
      }
      if (parts.isEmpty()) {
        continue;
      }
      Path target = into.resolve(String.join("/", parts));
      if (Files.isSymbolicLink(target.getParent())) {
        throw new CliException("invalid tar entry: " + e.getName() + " goes through a link");
      }
      Files.createDirectories(target.getParent());
      if (e.isDirectory()) {
        if (!Files.isDirectory(target, NOFOLLOW)) {
          Files.deleteIfExists(target);
          Files.createDirectory(target);
        }
      } else {
        if (Files.isDirectory(target, NOFOLLOW)) {
          throw new CliException("cannot overwrite directory \"" + target
              + "\" with non-directory");
        }
        Files.deleteIfExists(target);
        if (e.isSymbolicLink()) {
          Files.createSymbolicLink(target, Path.of(e.getLinkName()));
          continue;
        } else if (e.isFile()) {
          try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE, NOFOLLOW)) {
            total += in.transferTo(out);
          }
        } else {
          continue;
        }
      }
      Files.setAttribute(target, "unix:mode", e.getMode() & 07777, NOFOLLOW);
      FileTime mtime = FileTime.from(e.getLastModifiedTime().toInstant());
      if (e.isDirectory()) {
        dirTimes.add(() -> {
          try {
            Files.setLastModifiedTime(target, mtime);
          } catch (IOException ignored) {
            // best effort
          }
        });
      } else {
        Files.setLastModifiedTime(target, mtime);
      }
    }
    dirTimes.reversed().forEach(Runnable::run);
    return total;
  }
}
