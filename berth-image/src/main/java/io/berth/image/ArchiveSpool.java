package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.PaxSparseExpander;
import io.berth.content.BlobInfo;
import io.berth.content.BlobWriter;
import io.berth.content.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an image archive (docker save or OCI layout; plain, gzip or bzip2) once, as docker
 * load does before it looks inside. Small entries (manifests, configs) are kept in memory;
 * large ones (layers) stream straight into content store ingests, hashed on the way, and are
 * committed only when {@link #blob} asks for them, under the caller's lock, so an image
 * collection never sees them half-loaded. {@link #close} discards what was not committed.
 * docker-save archives often put {@code manifest.json} last, which is why nothing is unpacked
 * while reading. Entry names are confined to the archive: absolute names and {@code ..} are
 * refused. Symlinks (older docker save shares a layer between images with one) are kept as
 * aliases, resolved inside the archive.
 *
 * <p>Bounds, so that one archive cannot take the daemon: a JSON document (manifest.json,
 * index.json, a config or manifest blob) over {@link #MAX_JSON} is refused, by its tar header
 * when its name says it is JSON, before a byte of it is inflated (a 2 MB gzip can declare a
 * 2 GiB manifest.json); an ingest holds its file open only while its entry streams, so an
 * archive of 21,000 small entries needs one file descriptor, not 21,000.
 */
final class ArchiveSpool implements AutoCloseable {
  /** Entries up to this size stay in memory, as long as they fit in {@link #MEMORY}. */
  static final long SMALL = 256 * 1024;
  private static final long MEMORY = 16 * 1024 * 1024;
  private static final int BUFFER = 256 * 1024;
  /** The largest JSON document read from an archive: containerd's {@code jsonLimit}. */
  static final long MAX_JSON = 20L << 20;

  private final ContentStore content;
  private final Map<String, byte[]> small = new HashMap<>();
  private final Map<String, BlobWriter> ingests = new HashMap<>();
  private final Map<String, BlobInfo> committed = new HashMap<>();
  private final Map<String, String> links = new HashMap<>();
  private long inMemory;

  private ArchiveSpool(ContentStore content) {
    this.content = content;
  }

  static ArchiveSpool extract(InputStream in, ContentStore content) {
    ArchiveSpool spool = new ArchiveSpool(content);
    try {
      TarArchiveInputStream tar =
          new TarArchiveInputStream(new PaxSparseExpander(Compression.decompress(in)));
      byte[] buf = new byte[BUFFER];
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
          if (isJsonName(name) && e.getSize() > MAX_JSON) {
            throw tooLarge(name);
          }
          spool.entry(name, e.getSize(), tar, buf);
        }
      }
      return spool;
    } catch (IOException e) {
      spool.close();
      throw new BerthException.InvalidArgument("read image archive: " + Compression.reason(e), e);
    } catch (RuntimeException e) {
      spool.close();
      throw e;
    }
  }

  private void entry(String name, long size, InputStream data, byte[] buf) throws IOException {
    forget(name); // a later entry of the same name replaces the earlier one
    if (size <= SMALL && inMemory + size <= MEMORY) {
      byte[] bytes = data.readAllBytes();
      inMemory += bytes.length;
      small.put(name, bytes);
      return;
    }
    BlobWriter w = content.writer("load-" + UUID.randomUUID(), -1, null);
    ingests.put(name, w);
    for (int n = data.read(buf); n >= 0; n = data.read(buf)) {
      w.write(buf, 0, n);
    }
    w.park();
  }

  /** The names docker save and OCI layouts give their JSON documents. */
  private static boolean isJsonName(String name) {
    return name.endsWith(".json") || name.equals("repositories") || name.equals("oci-layout");
  }

  private static BerthException tooLarge(String name) {
    return BerthException.invalid("invalid image archive: " + name + " is larger than "
        + (MAX_JSON >> 20) + " MiB, the most a JSON document in an image archive may have");
  }

  private void forget(String name) throws IOException {
    byte[] old = small.remove(name);
    if (old != null) {
      inMemory -= old.length;
    }
    BlobWriter w = ingests.remove(name);
    if (w != null) {
      w.close();
    }
  }

  private String resolve(String name) {
    String n = clean(name);
    for (int hops = 0; links.containsKey(n) && hops < 16; hops++) {
      n = links.get(n);
    }
    return n;
  }

  /** True when the archive has a file of that name. */
  /** True when the archive held no file at all (not a tar, or an empty one). */
  boolean isEmpty() {
    return small.isEmpty() && ingests.isEmpty() && links.isEmpty();
  }

  boolean has(String name) {
    String n = resolve(name);
    return small.containsKey(n) || ingests.containsKey(n) || committed.containsKey(n);
  }

  /**
   * The content of a JSON document; InvalidArgument when the archive has none, or when it is
   * larger than {@link #MAX_JSON}.
   */
  byte[] read(String name) {
    String n = resolve(name);
    byte[] bytes = small.get(n);
    if (bytes != null) {
      return bytes;
    }
    if (!has(n)) {
      throw missing(name);
    }
    BlobWriter pending = ingests.get(n);
    long size = pending != null ? pending.written() : committed.get(n).size();
    if (size > MAX_JSON) {
      throw tooLarge(name);
    }
    try (InputStream in = content.open(blob(n).digest())) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw BerthException.internal("read " + name, e);
    }
  }

  /**
   * Commits a file to the content store (once; later calls answer the same blob) and returns
   * it. A file that is no blob of its own digest is not refused here: the caller compares.
   */
  BlobInfo blob(String name) {
    String n = resolve(name);
    BlobInfo done = committed.get(n);
    if (done != null) {
      return done;
    }
    BlobInfo info;
    BlobWriter w = ingests.remove(n);
    if (w != null) {
      info = w.commit();
    } else {
      byte[] bytes = small.get(n);
      if (bytes == null) {
        throw missing(name);
      }
      info = put(bytes);
    }
    committed.put(n, info);
    return info;
  }

  private BlobInfo put(byte[] bytes) {
    Digest digest = Digest.sha256(bytes);
    if (content.exists(digest)) {
      return new BlobInfo(digest, bytes.length);
    }
    try (BlobWriter w = content.writer("load-" + digest.hex(), bytes.length, digest)) {
      w.write(bytes);
      return w.commit();
    } catch (IOException e) {
      throw BerthException.internal("store blob " + digest, e);
    }
  }

  private static BerthException missing(String name) {
    return BerthException.invalid("invalid image archive: " + name + " is missing");
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
    ArrayDeque<String> parts = new ArrayDeque<>();
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
    return String.join("/", parts);
  }

  /** Discards the ingests that were not committed (best effort: a leftover is harmless). */
  @Override
  public void close() {
    for (BlobWriter w : ingests.values()) {
      try {
        w.close();
      } catch (IOException | RuntimeException e) {
        // an ingest file that could not be deleted only takes space; it is never a blob
      }
    }
    ingests.clear();
    small.clear();
  }
}
