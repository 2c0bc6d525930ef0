package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.IdMap;
import io.berth.common.Messages;
import io.berth.common.PaxSparseExpander;
import io.berth.common.SparseFiles;
import io.berth.sys.PathFd;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks the archive API's tar into a container directory (moby {@code pkg/archive Untar}
 * with the daemon's options). Each entry's parent directory is opened inside the container by
 * {@link ContainerRoot} and held as a descriptor; the entry is then made, replaced or removed
 * by its single name in that directory, never through a path the container could re-link
 * meanwhile (CVE-2018-15664). A name that climbs above the extraction point is refused.
 */
final class ArchiveExtractor {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final ContainerRoot root;
  private final ContainerRoot.Found dest;
  private final boolean noOverwriteDirNonDir;
  private final long[] owner;
  private final IdMap ids;
  private final Map<String, FileTime> dirTimes = new LinkedHashMap<>();
  private ContainerRoot.Found parent;
  private String parentKey;

  /**
   * @param dest the container directory to extract into, held open by the caller
   * @param owner {uid, gid} for every entry ({@code copyUIDGID}), or null for the tar's own
   * @param ids the daemon's userns-remap: owners are container ids, shifted into it
   */
  ArchiveExtractor(ContainerRoot root, ContainerRoot.Found dest, boolean noOverwriteDirNonDir,
      long[] owner, IdMap ids) {
    this.ids = ids;
    this.root = root;
    this.dest = dest;
    this.noOverwriteDirNonDir = noOverwriteDirNonDir;
    this.owner = owner;
  }

  void extract(InputStream body) throws IOException {
    TarArchiveInputStream in = new TarArchiveInputStream(new PaxSparseExpander(body));
    try {
      TarArchiveEntry e;
      while ((e = next(in)) != null) {
        entry(e, in);
      }
    } finally {
      forgetParent();
    }
    List<Map.Entry<String, FileTime>> times = new ArrayList<>(dirTimes.entrySet());
    for (Map.Entry<String, FileTime> t : times.reversed()) {
      try (ContainerRoot.Found d = root.open(t.getKey(), false)) {
        if (d.fd().stat().isDirectory()) {
          Files.getFileAttributeView(d.fd().proc(), BasicFileAttributeView.class)
              .setTimes(t.getValue(), null, null);
        }
      } catch (IOException ignored) {
        // times are best effort, and the container may have moved the directory
      }
    }
  }

  private static TarArchiveEntry next(TarArchiveInputStream in) {
    try {
      return in.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new BerthException.InvalidArgument("invalid tar: " + Messages.of(e), e);
    }
  }

  private void entry(TarArchiveEntry e, InputStream data) throws IOException {
    List<String> parts = normalise(e.getName());
    if (parts.isEmpty()) {
      return; // "./": the extraction point itself keeps its owner and mode
    }
    String base = parts.getLast();
    PathFd dir = parentOf(String.join("/", parts.subList(0, parts.size() - 1)));
    String target = ContainerRoot.child(parent.path(), base);
    Path path = dir.child(base);
    BasicFileAttributes existing = lstat(path);
    if (root.isMountPoint(target)) {
      if (!e.isDirectory()) {
        throw BerthException.invalid("cannot overwrite mount point \"" + target + "\"");
      }
      return; // a volume's root keeps its own owner and mode
    }
    if (existing != null) {
      if (existing.isDirectory() && e.isDirectory()) {
        metadata(path, target, e);
        return;
      }
      if (noOverwriteDirNonDir && existing.isDirectory() != e.isDirectory()) {
        throw BerthException.invalid(existing.isDirectory()
            ? "cannot overwrite directory \"" + target + "\" with non-directory \"" + e.getName()
                + "\""
            : "cannot overwrite non-directory \"" + target + "\" with directory \""
                + e.getName() + "\"");
      }
      delete(dir, base);
      parentKey = null; // what the next entry names may resolve elsewhere now
    }
    if (e.isLink()) {
      link(e, dir, base);
      return;
    }
    if (e.isDirectory()) {
      Files.createDirectory(path);
    } else if (e.isSymbolicLink()) {
      Files.createSymbolicLink(path, Path.of(e.getLinkName()));
      parentKey = null;
    } else if (e.isFile()) {
      try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE, NOFOLLOW)) {
        SparseFiles.copy(data, out);
      }
    } else {
      return; // devices and fifos need privileges the API does not grant; Docker skips them
    }
    metadata(path, target, e);
  }

  /**
   * The parent directory's descriptor, kept while entries name the same one (tars list a
   * directory's files together) until an entry removes or re-links something.
   */
  private PathFd parentOf(String dir) throws IOException {
    if (parent != null && dir.equals(parentKey)) {
      return parent.fd();
    }
    forgetParent();
    parent = root.openDirectories(dest, dir);
    parentKey = dir;
    return parent.fd();
  }

  private void forgetParent() {
    if (parent != null) {
      parent.close();
      parent = null;
    }
  }

  /** A hard link to a regular file the tar made (or the container has) below the root. */
  private void link(TarArchiveEntry e, PathFd dir, String base) throws IOException {
    List<String> link = normalise(e.getLinkName());
    if (link.isEmpty()) {
      throw invalidLink(e);
    }
    try (ContainerRoot.Found existing = root.open(dest, String.join("/", link), false)) {
      if (!existing.fd().stat().isRegularFile()) {
        throw invalidLink(e);
      }
      existing.fd().linkAs(dir, base);
    } catch (NoSuchFileException missing) {
      throw invalidLink(e);
    }
  }

  private static BerthException invalidLink(TarArchiveEntry e) {
    return BerthException.invalid("invalid hardlink " + e.getName() + " -> " + e.getLinkName());
  }

  /** Owner, mode and time of the entry just made, by its name in the held parent. */
  private void metadata(Path path, String target, TarArchiveEntry e) throws IOException {
    long uid = owner != null ? owner[0] : e.getLongUserId();
    long gid = owner != null ? owner[1] : e.getLongGroupId();
    Files.setAttribute(path, "unix:uid", ids.hostUid(uid), NOFOLLOW);
    Files.setAttribute(path, "unix:gid", ids.hostGid(gid), NOFOLLOW);
    if (e.isSymbolicLink()) {
      return;
    }
    Files.setAttribute(path, "unix:mode", e.getMode() & 07777, NOFOLLOW);
    FileTime mtime = FileTime.from(e.getLastModifiedTime().toInstant());
    if (e.isDirectory()) {
      dirTimes.remove(target);
      dirTimes.put(target, mtime); // set last, after its children are written
    } else {
      Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW)
          .setTimes(mtime, null, null);
    }
  }

  /** The name's elements; 400 when {@code ..} climbs above the extraction point. */
  private static List<String> normalise(String name) {
    List<String> out = new ArrayList<>();
    for (String p : ContainerRoot.split(name)) {
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

  /**
   * Removes {@code name} from {@code dir}, a directory with everything in it: each level is
   * opened as a descriptor below the one before, so a swap cannot lead the removal out.
   */
  static void delete(PathFd dir, String name) throws IOException {
    Path p = dir.child(name);
    BasicFileAttributes a = lstat(p);
    if (a == null) {
      return;
    }
    if (a.isDirectory()) {
      try (PathFd sub = dir.open(name)) {
        if (sub.stat().isDirectory()) {
          List<String> names;
          try (Stream<Path> s = Files.list(sub.proc())) {
            names = s.map(c -> c.getFileName().toString()).toList();
          }
          for (String n : names) {
            delete(sub, n);
          }
        }
      }
    }
    Files.deleteIfExists(p);
  }
}
