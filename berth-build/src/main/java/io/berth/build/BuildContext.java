package io.berth.build;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.common.PaxSparseExpander;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The build context, unpacked from the request body (a tar, plain or gzip, bzip2 or xz
 * compressed, as moby's {@code archive.DecompressStream} accepts) into a private directory.
 * Entries that would land outside it ({@code ..}, absolute names, links pointing out) are
 * refused. Ownership is not kept: COPY gives files to root unless {@code --chown} says otherwise.
 */
final class BuildContext {
  private BuildContext() {}

  /** Unpacks {@code body} into {@code dir}, which must exist and be empty. */
  static void extract(InputStream body, Path dir) {
    try {
      InputStream in = new ZeroTail(decompress(new BufferedInputStream(body, 64 * 1024)));
      TarArchiveInputStream tar = new TarArchiveInputStream(new PaxSparseExpander(in));
      List<Runnable> dirTimes = new ArrayList<>();
      Path root = dir.toRealPath();
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        Path target = inside(root, e.getName());
        if (target.equals(root)) {
          continue;
        }
        Files.createDirectories(target.getParent());
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
          Files.deleteIfExists(target);
          Files.createSymbolicLink(target, Path.of(e.getLinkName()));
          continue;
        } else if (e.isLink()) {
          Files.deleteIfExists(target);
          Files.createLink(target, inside(root, e.getLinkName()));
          continue;
        } else if (e.isFile()) {
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        } else {
          continue; // devices and fifos have no place in a context
        }
        Files.setPosixFilePermissions(target, permissions(e.getMode()));
        var time = e.getLastModifiedTime();
        if (e.isDirectory()) {
          dirTimes.add(() -> setTime(target, time));
        } else {
          setTime(target, time);
        }
      }
      dirTimes.reversed().forEach(Runnable::run);
    } catch (IOException e) {
      throw BerthException.invalid("failed to read the build context: " + Messages.of(e));
    }
  }

  /**
   * moby's {@code removeDockerfile}: once the Dockerfile is read, {@code .dockerignore} and the
   * Dockerfile leave the context when {@code .dockerignore} excludes them. That is how a
   * Dockerfile from outside the context ({@code -f ../Dockerfile}), which clients send as
   * {@code .dockerfile.<hash>} and add to the .dockerignore they send, stays out of the image.
   */
  static void removeIgnored(Path ctx, String dockerfile) throws IOException {
    Path ignoreFile = ctx.resolve(".dockerignore");
    if (!Files.isRegularFile(ignoreFile, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    io.berth.common.DockerIgnore ignore = new io.berth.common.DockerIgnore(
        Files.readString(ignoreFile, java.nio.charset.StandardCharsets.UTF_8));
    for (String name : List.of(".dockerignore", dockerfile)) {
      String rel = ctx.relativize(inside(ctx, name)).toString();
      if (!rel.isEmpty() && ignore.excluded(rel)) {
        Files.deleteIfExists(ctx.resolve(rel));
      }
    }
  }

  /**
   * Ends a tar that stops short with the zero padding and end blocks it lacks: the docker CLI's
   * {@code build -f - DIR} sends its context without them (its tar rewriter never writes the
   * trailer), and Go's tar reader, unlike commons-compress, takes that as a clean end.
   */
  private static final class ZeroTail extends java.io.FilterInputStream {
    private long count;
    private long zeros = -1;

    ZeroTail(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] b = new byte[1];
      return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (zeros < 0) {
        int n = super.read(b, off, len);
        if (n >= 0) {
          count += n;
          return n;
        }
        zeros = (512 - count % 512) % 512 + 1024;
      }
      if (zeros == 0) {
        return -1;
      }
      int n = (int) Math.min(len, zeros);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      zeros -= n;
      return n;
    }
  }

  static InputStream decompress(BufferedInputStream in) throws IOException {
    in.mark(8);
    byte[] head = in.readNBytes(6);
    in.reset();
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, 64 * 1024);
    }
    if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
      return new BZip2CompressorInputStream(in, true);
    }
    if (head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z'
        && head[3] == 'X' && head[4] == 'Z' && head[5] == 0) {
      return new XZCompressorInputStream(in, true);
    }
    return in;
  }

  /** {@code name} under {@code root}; InvalidArgument when it would leave it. */
  static Path inside(Path root, String name) {
    Path p = root.resolve(name.startsWith("/") ? name.substring(1) : name).normalize();
    if (!p.startsWith(root)) {
      throw BerthException.invalid("build context entry " + name + " is outside the context");
    }
    Path parent = p.getParent();
    if (parent != null && !parent.equals(root) && Files.isSymbolicLink(parent)) {
      throw BerthException.invalid("build context entry " + name + " goes through a symlink");
    }
    return p;
  }

  private static void setTime(Path p, java.nio.file.attribute.FileTime t) {
    try {
      Files.setLastModifiedTime(p, t);
    } catch (IOException e) {
      // the time is cosmetic
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = java.util.EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        out.add(all[i]);
      }
    }
    return out;
  }

  /** True when {@code p} exists, not following a final symlink. */
  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
