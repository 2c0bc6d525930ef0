package io.berth.image;

import io.berth.common.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks an image archive (docker save or OCI layout; plain, gzip or bzip2) into a private
 * directory, as docker load does before reading it. Entries are confined to the directory:
 * absolute names and {@code ..} are refused. Symlinks (older docker save shares a layer between
 * images with one) are kept as aliases, resolved inside the archive.
 */
final class ArchiveSpool implements AutoCloseable {
  private final Path dir;
  private final Map<String, String> links = new HashMap<>();

  private ArchiveSpool(Path dir) {
    this.dir = dir;
  }

  static ArchiveSpool extract(InputStream in, Path dir) {
    ArchiveSpool spool = new ArchiveSpool(dir);
    try {
      Files.createDirectories(dir);
      TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompress(in));
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        String name = clean(e.getName());
        if (name.isEmpty() || e.isDirectory()) {
          continue;
        }
        if (e.isSymbolicLink() || e.isLink()) {
          String target = e.isLink() ? clean(e.getLinkName())
              : clean(parentOf(name) + e.getLinkName());
          spool.links.put(name, target);
        } else if (e.isFile()) {
          Path out = dir.resolve(name);
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return spool;
    } catch (IOException e) {
      spool.close();
      throw new BerthException.InvalidArgument("read image archive: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      spool.close();
      throw e;
    }
  }

  /** The file for an archive path, or null when the archive has none. */
  Path file(String name) {
    String n = clean(name);
    for (int hops = 0; links.containsKey(n) && hops < 16; hops++) {
      n = links.get(n);
    }
    Path p = dir.resolve(n);
    return Files.isRegularFile(p) ? p : null;
  }

  byte[] read(String name) {
    Path p = file(name);
    if (p == null) {
      throw BerthException.invalid("invalid image archive: " + name + " is missing");
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw BerthException.internal("read " + name, e);
    }
  }

  private static String parentOf(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash + 1);
  }

  /** Normalises {@code ./a//b} to {@code a/b}; refuses what would leave the archive. */
  static String clean(String name) {
    if (name.startsWith("/")) {
      throw BerthException.invalid("invalid image archive: absolute path " + name);
    }
    StringBuilder out = new StringBuilder();
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw BerthException.invalid("invalid image archive: path " + name
              + " points outside the archive");
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return out.append(String.join("/", parts)).toString();
  }

  @Override
  public void close() {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: a leftover temp directory is harmless and is swept on the next start
    }
  }
}
