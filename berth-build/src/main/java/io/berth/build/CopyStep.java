package io.berth.build;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.Messages;
import io.berth.common.PaxSparseExpander;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * COPY and ADD by Docker's rules: sources are paths (or wildcard patterns) under the source
 * root (the context, or another stage's filesystem); a directory's contents are copied, not
 * the directory itself; a file goes into {@code dest} when it ends in a slash or is a
 * directory, else becomes {@code dest}; missing parents are created (0755, root). Files keep
 * their mode and mtime and belong to root unless {@code --chown}; {@code --chmod} sets the mode.
 * ADD unpacks a local tar (plain, gzip, bzip2, xz) into the destination and downloads
 * {@code http(s)} URLs ({@link RemoteSource}).
 *
 * <p>{@link #hash} is the cache key part: the matched files' names, types, modes, link targets
 * and contents, in order — mtimes and owners are left out, so a fresh checkout hits the cache.
 */
final class CopyStep {
  private final Path sourceRoot;
  private final List<Path> sources = new ArrayList<>();
  private final String dest;
  private final boolean add;
  private final boolean destIsDir;
  /** Downloaded sources: ADD never unpacks them. */
  private final java.util.Set<Path> remote = new java.util.HashSet<>();

  /**
   * @param patterns the sources after substitution
   * @param dest the absolute destination after substitution
   */
  CopyStep(Path sourceRoot, List<String> patterns, String dest, boolean add, String keyword) {
    this.sourceRoot = sourceRoot;
    this.dest = dest;
    this.add = add;
    boolean wildcard = false;
    for (String p : patterns) {
      if (add && (p.startsWith("http://") || p.startsWith("https://"))) {
        Path file = RemoteSource.download(p, sourceRoot.resolveSibling("remote"));
        sources.add(file);
        remote.add(file);
        continue;
      }
      if (p.matches(".*[*?\\[].*")) {
        wildcard = true;
        List<Path> hits = glob(p);
        if (hits.isEmpty()) {
          throw notFound(keyword, p);
        }
        sources.addAll(hits);
      } else {
        Path s = RootfsPath.resolve(sourceRoot, p);
        if (!BuildContext.exists(s)) {
          throw notFound(keyword, p);
        }
        sources.add(s);
      }
    }
    this.destIsDir = dest.endsWith("/") || sources.size() > 1 || wildcard;
    if (patterns.size() > 1 && !dest.endsWith("/")) {
      throw BerthException.invalid("When using " + keyword + " with more than one source file,"
          + " the destination must be a directory and end with a /");
    }
  }

  private static BerthException notFound(String keyword, String p) {
    return BerthException.invalid(keyword + " failed: file not found in build context or"
        + " excluded by .dockerignore: stat " + p + ": file does not exist");
  }

  private List<Path> glob(String pattern) {
    String rel = pattern.replaceFirst("^/+", "");
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rel);
    try (Stream<Path> all = Files.walk(sourceRoot)) {
      return all.filter(p -> !p.equals(sourceRoot))
          .filter(p -> m.matches(sourceRoot.relativize(p))).sorted().toList();
    } catch (IOException e) {
      throw BerthException.internal("read build context: " + Messages.of(e), e);
    }
  }

  /** The content hash of everything this step copies. */
  Digest hash() {
    MessageDigest sha = Digest.newSha256();
    try {
      for (Path s : sources) {
        try (Stream<Path> walk = Files.walk(s)) {
          for (Path p : walk.sorted().toList()) {
            String rel = s.relativize(p).toString();
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            String line = s.getFileName() + "/" + rel + " " + Integer.toOctalString(mode);
            if (Files.isSymbolicLink(p)) {
              line += " -> " + Files.readSymbolicLink(p);
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
              line += " " + fileHash(p);
            }
            sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException e) {
      throw BerthException.internal("hash build context: " + Messages.of(e), e);
    }
    return Digest.ofSha256(sha);
  }

  private static String fileHash(Path p) throws IOException {
    MessageDigest sha = Digest.newSha256();
    try (InputStream in = Files.newInputStream(p)) {
      byte[] buf = new byte[64 * 1024];
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        sha.update(buf, 0, n);
      }
    }
    return Digest.ofSha256(sha).hex();
  }

  /** Copies into the mounted root {@code root}. */
  void apply(Path root, int[] owner, Integer chmod) throws IOException {
    for (Path s : sources) {
      boolean isDir = Files.isDirectory(s, LinkOption.NOFOLLOW_LINKS);
      if (isDir) {
        Path target = mkdirs(root, dest);
        copyTree(s, target, owner, chmod);
      } else if (add && !remote.contains(s) && isArchive(s)) {
        Path target = mkdirs(root, dest);
        try (InputStream in = Files.newInputStream(s)) {
          BuildContext.extract(in, target);
        }
      } else {
        Path parent = mkdirs(root, destIsDir || Files.isDirectory(RootfsPath.resolve(root, dest))
            ? dest : parentOf(dest));
        String name = destIsDir || Files.isDirectory(RootfsPath.resolve(root, dest))
            ? s.getFileName().toString() : Path.of(dest).getFileName().toString();
        copyOne(s, parent.resolve(name), owner, chmod);
      }
    }
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  private static Path mkdirs(Path root, String path) throws IOException {
    Path p = root;
    StringBuilder sofar = new StringBuilder();
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      sofar.append('/').append(part);
      p = RootfsPath.resolve(root, sofar.toString());
      if (!BuildContext.exists(p)) {
        Files.createDirectory(p);
        Files.setAttribute(p, "unix:mode", 0755);
      }
    }
    return p;
  }

  private void copyTree(Path src, Path target, int[] owner, Integer chmod) throws IOException {
    try (Stream<Path> walk = Files.walk(src)) {
      for (Path p : walk.sorted().toList()) {
        if (p.equals(src)) {
          continue;
        }
        copyOne(p, target.resolve(src.relativize(p).toString()), owner, chmod);
      }
    }
    // directory times last: creating their children changed them
    try (Stream<Path> walk = Files.walk(src)) {
      for (Path p : walk.filter(Files::isDirectory).sorted().toList().reversed()) {
        if (!p.equals(src)) {
          Files.setLastModifiedTime(target.resolve(src.relativize(p).toString()),
              Files.getLastModifiedTime(p));
        }
      }
    }
  }

  private static void copyOne(Path src, Path dst, int[] owner, Integer chmod) throws IOException {
    if (Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(dst, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(dst);
        Files.createDirectory(dst);
      }
      Files.setAttribute(dst, "unix:mode", chmod != null ? chmod
          : (Integer) Files.getAttribute(src, "unix:mode") & 07777);
    } else {
      if (Files.isDirectory(dst, LinkOption.NOFOLLOW_LINKS)) {
        throw BerthException.invalid("cannot copy to non-directory: " + dst);
      }
      Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
          LinkOption.NOFOLLOW_LINKS);
      if (chmod != null && !Files.isSymbolicLink(dst)) {
        Files.setAttribute(dst, "unix:mode", chmod);
      }
    }
    Files.setAttribute(dst, "unix:uid", owner[0], LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(dst, "unix:gid", owner[1], LinkOption.NOFOLLOW_LINKS);
  }

  /** True when {@code file} is a tar, maybe compressed: ADD unpacks those. */
  private static boolean isArchive(Path file) {
    try (InputStream in = BuildContext.decompress(new BufferedInputStream(
        Files.newInputStream(file)))) {
      TarArchiveInputStream tar = new TarArchiveInputStream(new PaxSparseExpander(in));
      return tar.getNextEntry() != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
