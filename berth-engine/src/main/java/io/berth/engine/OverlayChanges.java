package io.berth.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The changes an overlayfs upper dir makes to its lower dirs, by moby's rules
 * ({@code pkg/archive/changes.go} {@code changes()} with {@code overlayDeletedFile}):
 *
 * <ul>
 *   <li>a 0/0 character device is an overlay whiteout: the path was deleted;
 *   <li>a path that exists in a lower dir was modified, except a directory whose size, mode
 *       and mtime equal the lower one's (it was only copied up for a child's sake);
 *   <li>any other path was added, and so is everything under it;
 *   <li>the parent of an added or deleted path is reported modified once, if nothing else
 *       reported it (moby PR 13590: its attributes may look unchanged).
 * </ul>
 *
 * Paths given as hidden are left out with everything under them, and their parent directories
 * count as changed only when their mode differs: they stand for what dockerd keeps in a
 * container's init layer, below the writable one (the runtime's mount points), which
 * {@code docker diff} never shows.
 *
 * <p>The walk is depth first with names in byte order. Opaque
 * directories ({@code trusted.overlay.opaque=y}, which moby reports as deleted) are not
 * detected: Java reads only {@code user.} xattrs, and berth's own overlay mounts do not set
 * them on copy-up of existing directories.
 */
public final class OverlayChanges {
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFDIR = 0040000;
  private static final String ATTRS = "unix:mode,rdev,size,lastModifiedTime";

  private final Path upper;
  private final List<Path> lowers;
  private final List<Change> out = new ArrayList<>();
  private final Set<String> changedDirs = new HashSet<>();
  private final Set<String> hidden;
  private final Set<String> hiddenParents = new HashSet<>();

  private OverlayChanges(Path upper, List<Path> lowers, Set<String> hidden) {
    this.upper = upper;
    this.lowers = lowers;
    this.hidden = hidden;
    for (String h : hidden) {
      hiddenParents.add(h.substring(0, h.lastIndexOf('/')));
    }
  }

  /** The changes of {@code upper} over {@code lowers} (topmost first), in walk order. */
  public static List<Change> of(Path upper, List<Path> lowers) throws IOException {
    return of(upper, lowers, Set.of());
  }

  /** As {@link #of(Path, List)}, without the {@code hidden} absolute paths and their trees. */
  public static List<Change> of(Path upper, List<Path> lowers, Set<String> hidden)
      throws IOException {
    OverlayChanges c = new OverlayChanges(upper, lowers, Set.copyOf(hidden));
    c.walk(upper, "");
    return c.out;
  }

  private void walk(Path dir, String prefix) throws IOException {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.sorted().toList();
    }
    for (Path child : children) {
      String path = prefix + "/" + child.getFileName();
      if (hidden.contains(path)) {
        continue;
      }
      try {
        Map<String, Object> attrs = Files.readAttributes(child, ATTRS, LinkOption.NOFOLLOW_LINKS);
        boolean isDir = type(attrs) == S_IFDIR;
        int mark = out.size();
        visit(path, attrs, isDir);
        if (isDir) {
          walk(child, path);
          if (hiddenParents.contains(path) && out.size() == mark + 1
              && out.get(mark).kind() == Change.Kind.ADDED) {
            // added only to hold hidden mount points (an image without /etc)
            out.remove(mark);
            changedDirs.remove(path);
          }
        }
      } catch (NoSuchFileException e) {
        // removed since the listing by the running container: it is no change any more
      }
    }
  }

  private void visit(String path, Map<String, Object> attrs, boolean isDir) throws IOException {
    Change.Kind kind;
    if (isWhiteout(attrs)) {
      kind = Change.Kind.DELETED;
    } else {
      Map<String, Object> below = lower(path);
      if (below == null) {
        kind = Change.Kind.ADDED;
      } else if (isDir && type(below) == S_IFDIR && (sameDir(attrs, below)
          || hiddenParents.contains(path) && attrs.get("mode").equals(below.get("mode")))) {
        return; // copied up only because something inside changed
      } else {
        kind = Change.Kind.MODIFIED;
      }
    }
    if (isDir) {
      changedDirs.add(path);
    }
    if (kind != Change.Kind.MODIFIED) {
      String parent = path.substring(0, path.lastIndexOf('/'));
      if (!parent.isEmpty() && changedDirs.add(parent)) {
        out.add(new Change(parent, Change.Kind.MODIFIED));
      }
    }
    out.add(new Change(path, kind));
  }

  /**
   * The attributes of {@code path} in the topmost lower dir that has it; null when none has it
   * or the topmost one that has it holds a whiteout (a layer deleted it).
   */
  private Map<String, Object> lower(String path) throws IOException {
    for (Path layer : lowers) {
      try {
        Map<String, Object> a = Files.readAttributes(layer.resolve(path.substring(1)), ATTRS,
            LinkOption.NOFOLLOW_LINKS);
        return isWhiteout(a) ? null : a;
      } catch (NoSuchFileException e) {
        // not in this layer: look further down
      }
    }
    return null;
  }

  private static boolean sameDir(Map<String, Object> a, Map<String, Object> b) {
    return a.get("size").equals(b.get("size")) && a.get("mode").equals(b.get("mode"))
        && a.get("lastModifiedTime").equals(b.get("lastModifiedTime"));
  }

  private static int type(Map<String, Object> attrs) {
    return (Integer) attrs.get("mode") & S_IFMT;
  }

  private static boolean isWhiteout(Map<String, Object> attrs) {
    return type(attrs) == S_IFCHR && (Long) attrs.get("rdev") == 0L;
  }
}
