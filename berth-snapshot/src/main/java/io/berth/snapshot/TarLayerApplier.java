package io.berth.snapshot;

import io.berth.common.BerthException;
import io.berth.common.CountingInputStream;
import io.berth.common.IdMap;
import io.berth.common.Messages;
import io.berth.common.PaxSparseExpander;
import io.berth.common.SparseFiles;
import io.berth.sys.SyscallException;
import io.berth.sys.Syscalls;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks an uncompressed layer tar into one layer directory, turning OCI whiteouts into
 * overlayfs ones. Entry names are placed by {@link LayerRoot}, so nothing lands outside.
 */
public final class TarLayerApplier {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final String XATTR_PAX = "SCHILY.xattr.";

  private final Syscalls sys;
  private final IdMap ids;

  public TarLayerApplier(Syscalls sys) {
    this(sys, IdMap.NONE);
  }

  /** @param ids the daemon's {@code userns-remap}: owners are shifted into its range */
  public TarLayerApplier(Syscalls sys, IdMap ids) {
    this.sys = sys;
    this.ids = ids;
  }

  /**
   * Applies {@code tar} into {@code layerDir}; returns the tar bytes read (padding included).
   * A hostile or malformed entry is {@code BerthException.InvalidArgument}; the layer
   * directory is then half-written and the caller removes it.
   */
  public long apply(Path layerDir, InputStream tar) {
    LayerRoot root = new LayerRoot(layerDir);
    CountingInputStream counted = new CountingInputStream(tar);
    List<Runnable> dirTimes = new ArrayList<>();
    try {
      TarArchiveInputStream in = new TarArchiveInputStream(new PaxSparseExpander(counted));
      TarArchiveEntry entry;
      while ((entry = next(in)) != null) {
        applyEntry(root, entry, in, dirTimes);
      }
      // Directory mtimes last, deepest first: creating children would bump them again.
      dirTimes.reversed().forEach(Runnable::run);
      counted.transferTo(OutputStream.nullOutputStream());
      return counted.count();
    } catch (IOException e) {
      throw BerthException.internal("failed to apply layer: " + e, e);
    } catch (SyscallException e) {
      throw BerthException.internal("failed to apply layer: " + Messages.of(e), e);
    }
  }

  /** The next entry; a tar the parser rejects is the caller's bad input, not our failure. */
  private static TarArchiveEntry next(TarArchiveInputStream in) {
    try {
      return in.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new BerthException.InvalidArgument("failed to apply layer: invalid tar: "
          + Messages.of(e), e);
    }
  }

  private void applyEntry(LayerRoot root, TarArchiveEntry e, InputStream data,
      List<Runnable> dirTimes) throws IOException {
    String name = e.getName();
    List<String> parts = LayerRoot.normalise(name);
    if (parts.isEmpty()) {
      return; // "./": the layer root itself keeps the snapshotter's owner and mode
    }
    String base = parts.getLast();
    Path dir = root.parentOf(parts, name, true);
    if (base.equals(OPAQUE)) {
      // overlayfs hides lower entries of a directory marked opaque (Documentation/
      // filesystems/overlayfs.rst, "whiteouts and opaque directories").
      sys.lsetxattr(dir.toString(), "trusted.overlay.opaque", new byte[] {'y'}, 0);
      return;
    }
    if (base.startsWith(WHITEOUT + WHITEOUT)) {
      return; // AUFS metadata (.wh..wh.plnk, .wh..wh.aufs): meaningless to overlayfs
    }
    if (base.startsWith(WHITEOUT)) {
      whiteout(dir, base.substring(WHITEOUT.length()), name);
      return;
    }
    Path path = dir.resolve(base);
    BasicFileAttributes existing = LayerRoot.lstat(path);
    if (existing != null && !(existing.isDirectory() && e.isDirectory())) {
      FileTrees.delete(path); // docker replaces whatever was there, never following a link
    }
    if (e.isLink()) {
      hardLink(root, path, e.getLinkName());
      return; // shares the inode, and so the metadata, of its target
    }
    if (e.isDirectory()) {
      if (existing == null || !existing.isDirectory()) {
        Files.createDirectory(path);
      }
    } else if (e.isSymbolicLink()) {
      Files.createSymbolicLink(path, Path.of(e.getLinkName()));
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      int type = e.isFIFO() ? Syscalls.S_IFIFO
          : e.isCharacterDevice() ? Syscalls.S_IFCHR : Syscalls.S_IFBLK;
      sys.mknod(path.toString(), type | (e.getMode() & 07777),
          Syscalls.makedev(e.getDevMajor(), e.getDevMinor()));
    } else if (e.isFile()) {
      try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        copyBody(e, data, out);
      }
    } else {
      return; // sparse, multi-volume and other exotic types: docker skips them too
    }
    metadata(path, e, dirTimes);
  }

  /**
   * Copies an entry's body, its zero runs left as holes. A read that fails is the layer's
   * fault (a header that declares 8 GiB over 1 KiB of data, a corrupt compressed stream): 400
   * as Docker's {@code unexpected EOF}; a write that fails (a full disk) stays the daemon's.
   */
  private static void copyBody(TarArchiveEntry e, InputStream data, FileChannel out)
      throws IOException {
    SparseFiles.copy(new FilterInputStream(data) {
      @Override
      public int read(byte[] b, int off, int len) {
        try {
          return super.read(b, off, len);
        } catch (IOException x) {
          String why = x.getMessage() != null && x.getMessage().startsWith("Truncated")
              ? "unexpected EOF" : String.valueOf(x.getMessage());
          throw new BerthException.InvalidArgument("failed to apply layer: " + e.getName()
              + ": " + why, x);
        }
      }
    }, out);
  }

  private void whiteout(Path dir, String hidden, String name) throws IOException {
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw BerthException.invalid("failed to apply layer: " + name + ": invalid whiteout");
    }
    Path path = dir.resolve(hidden);
    if (LayerRoot.lstat(path) != null) {
      // OCI image-spec layer.md: a whiteout hides lower layers only; an entry of the same
      // layer stays, and in the upper directory it already hides the lower one.
      return;
    }
    // overlayfs whiteout: a character device with device number 0/0.
    sys.mknod(path.toString(), Syscalls.S_IFCHR, Syscalls.makedev(0, 0));
  }

  private static void hardLink(LayerRoot root, Path link, String target) throws IOException {
    List<String> parts = LayerRoot.normalise(target);
    if (parts.isEmpty()) {
      throw LayerRoot.escapes(target);
    }
    Path existing = root.parentOf(parts, target, false).resolve(parts.getLast());
    BasicFileAttributes a = LayerRoot.lstat(existing);
    if (a == null || a.isDirectory()) {
      throw BerthException.invalid("failed to apply layer: hard link " + target
          + ": no such file in the layer");
    }
    Files.createLink(link, existing); // link(2) never follows a symlink target
  }

  private void metadata(Path path, TarArchiveEntry e, List<Runnable> dirTimes) {
    String p = path.toString();
    // Order matters: chown clears setuid/setgid and security.capability, so it goes first.
    sys.lchown(p, ids.hostUid(e.getLongUserId()), ids.hostGid(e.getLongGroupId()));
    if (!e.isSymbolicLink()) {
      sys.chmod(p, e.getMode() & 07777);
    }
    for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
      if (h.getKey().startsWith(XATTR_PAX)) {
        String xattr = h.getKey().substring(XATTR_PAX.length());
        if (h.getValue().indexOf('\uFFFD') >= 0) {
          // commons-compress 1.28 decodes PAX values as UTF-8, so a binary value (Go's
          // archive/tar writes security.capability raw) arrives with U+FFFD in place of its
          // bytes. Writing that would set a different capability than the image asks for.
          throw new BerthException.NotImplemented("failed to apply layer: " + e.getName()
              + ": xattr " + xattr + " has a binary value the tar reader cannot keep");
        }
        sys.lsetxattr(p, xattr, h.getValue().getBytes(StandardCharsets.UTF_8), 0);
      }
    }
    Instant mtime = e.getLastModifiedTime().toInstant();
    Instant atime = e.getLastAccessTime() != null ? e.getLastAccessTime().toInstant() : mtime;
    if (e.isDirectory()) {
      dirTimes.add(() -> sys.lutimes(p, atime, mtime));
    } else {
      sys.lutimes(p, atime, mtime);
    }
  }
}
