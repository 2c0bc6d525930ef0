package io.berth.engine;

import io.berth.common.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks the archive API's tar into a container directory (moby {@code pkg/archive Untar}
 * with the daemon's options). Each entry's parent is resolved inside the container by
 * {@link ContainerFs}, so a symlink (in the container, or one the tar itself made) never leads
 * out of the container's tree; a name that climbs above the extraction point is refused.
 */
final class ArchiveExtractor {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final ContainerFs fs;
  private final String dest;
  private final boolean noOverwriteDirNonDir;
  private final long[] owner;
  private final List<Runnable> dirTimes = new ArrayList<>();

  /**
   * @param dest the resolved container directory to extract into
   * @param owner {uid, gid} for every entry ({@code copyUIDGID}), or null for the tar's own
   */
  ArchiveExtractor(ContainerFs fs, String dest, boolean noOverwriteDirNonDir, long[] owner) {
    this.fs = fs;
    this.dest = dest;
    this.noOverwriteDirNonDir = noOverwriteDirNonDir;
    this.owner = owner;
  }

  void extract(InputStream body) throws IOException {
    TarArchiveInputStream in = new TarArchiveInputStream(body);
    TarArchiveEntry e;
    while ((e = next(in)) != null) {
      entry(e, in);
    }
    dirTimes.reversed().forEach(Runnable::run);
  }

  private static TarArchiveEntry next(TarArchiveInputStream in) {
    try {
      return in.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new BerthException.InvalidArgument("invalid tar: " + e.getMessage(), e);
    }
  }

  private void entry(TarArchiveEntry e, InputStream data) throws IOException {
    List<String> parts = normalise(e.getName());
    if (parts.isEmpty()) {
      return; // "./": the extraction point itself keeps its owner and mode
    }
    String base = parts.getLast();
    String parent = fs.resolve(dest + "/" + String.join("/", parts.subList(0, parts.size() - 1)),
        true);
    Path parentHost = fs.host(parent);
    if (!Files.isDirectory(parentHost, NOFOLLOW)) {
      Files.createDirectories(parentHost);
    }
    String target = ContainerFs.child(parent, base);
    Path path = fs.host(target);
    BasicFileAttributes existing = lstat(path);
    if (existing != null) {
      if (existing.isDirectory() && e.isDirectory()) {
        metadata(path, e);
        return;
      }
      if (noOverwriteDirNonDir && existing.isDirectory() != e.isDirectory()) {
        throw BerthException.invalid(existing.isDirectory()
            ? "cannot overwrite directory \"" + target + "\" with non-directory \"" + e.getName()
                + "\""
            : "cannot overwrite non-directory \"" + target + "\" with directory \""
                + e.getName() + "\"");
      }
      delete(path);
    }
    if (e.isLink()) {
      List<String> link = normalise(e.getLinkName());
      Path existingFile = fs.host(fs.resolve(dest + "/" + String.join("/", link), false));
      if (link.isEmpty() || !Files.isRegularFile(existingFile, NOFOLLOW)) {
        throw BerthException.invalid("invalid hardlink " + e.getName() + " -> "
            + e.getLinkName());
      }
      Files.createLink(path, existingFile);
      return;
    }
    if (e.isDirectory()) {
      Files.createDirectory(path);
    } else if (e.isSymbolicLink()) {
      Files.createSymbolicLink(path, Path.of(e.getLinkName()));
    } else if (e.isFile()) {
      try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE, NOFOLLOW)) {
        data.transferTo(out);
      }
    } else {
      return; // devices and fifos need privileges the API does not grant; Docker skips them
    }
    metadata(path, e);
  }

  private void metadata(Path path, TarArchiveEntry e) throws IOException {
    long uid = owner != null ? owner[0] : e.getLongUserId();
    long gid = owner != null ? owner[1] : e.getLongGroupId();
    Files.setAttribute(path, "unix:uid", (int) uid, NOFOLLOW);
    Files.setAttribute(path, "unix:gid", (int) gid, NOFOLLOW);
    if (e.isSymbolicLink()) {
      return;
    }
    Files.setAttribute(path, "unix:mode", e.getMode() & 07777, NOFOLLOW);
    FileTime mtime = FileTime.from(e.getLastModifiedTime().toInstant());
    if (e.isDirectory()) {
      dirTimes.add(() -> {
        try {
          Files.setLastModifiedTime(path, mtime);
        } catch (IOException ignored) {
          // times are best effort
        }
      });
    } else {
      Files.setLastModifiedTime(path, mtime);
    }
  }

  /** The name's elements; 400 when {@code ..} climbs above the extraction point. */
  private static List<String> normalise(String name) {
    List<String> out = new ArrayList<>();
    for (String p : ContainerFs.split(name)) {
      if (p.equals("..")) {
        if (out.isEmpty()) {
          throw BerthException.invalid("invalid tar entry name " + name
              + ": it leaves the extraction point");
        }
        out.removeLast();
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private static BasicFileAttributes lstat(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
    } catch (IOException e) {
      return null;
    }
  }

  private static void delete(Path p) throws IOException {
    if (Files.isDirectory(p, NOFOLLOW)) {
      ContainerStore.deleteTree(p);
    } else {
      Files.deleteIfExists(p);
    }
  }
}
