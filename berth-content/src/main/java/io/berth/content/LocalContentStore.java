package io.berth.content;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@link ContentStore} on a local directory, laid out as containerd's local store:
 * {@code <root>/content/blobs/sha256/<hex>} for committed blobs and
 * {@code <root>/content/ingest/<sha256 of ref>/data} for blobs being written.
 */
public final class LocalContentStore implements ContentStore {
  private final Path blobs;
  private final Path ingest;
  private final Set<String> activeRefs = new HashSet<>();

  public LocalContentStore(Path root) {
    this.blobs = root.resolve("content").resolve("blobs").resolve("sha256");
    this.ingest = root.resolve("content").resolve("ingest");
    try {
      Files.createDirectories(blobs);
      Files.createDirectories(ingest);
      sweepIngests();
    } catch (IOException e) {
      throw BerthException.internal("failed to create content store at " + root, e);
    }
  }

  /**
   * Drops ingests left by a crash (a load cut off half-way), except resumable ones (pulls),
   * which the next pull of the same blob continues.
   */
  private void sweepIngests() throws IOException {
    try (var dirs = Files.list(ingest)) {
      for (Path dir : dirs.toList()) {
        if (Files.exists(dir.resolve("resumable"))) {
          continue;
        }
        try (var walk = Files.walk(dir)) {
          for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  @Override
  public BlobWriter writer(String ref, long expectedSize, Digest expected) {
    return open(ref, expectedSize, expected, false);
  }

  @Override
  public BlobWriter resumableWriter(String ref, long expectedSize, Digest expected) {
    return open(ref, expectedSize, expected, true);
  }

  private BlobWriter open(String ref, long expectedSize, Digest expected, boolean keep) {
    if (ref == null || ref.isEmpty()) {
      throw BerthException.invalid("ingest ref must not be empty");
    }
    synchronized (activeRefs) {
      if (!activeRefs.add(ref)) {
        throw BerthException.conflict("ref " + ref + " is locked: another writer is active");
      }
    }
    Path dir = ingest.resolve(Digest.sha256(ref.getBytes(StandardCharsets.UTF_8)).hex());
    try {
      return new IngestWriter(dir, blobs, expectedSize, expected, () -> release(ref), keep);
    } catch (RuntimeException e) {
      release(ref);
      throw e;
    }
  }

  private void release(String ref) {
    synchronized (activeRefs) {
      activeRefs.remove(ref);
    }
  }

  @Override
  public boolean exists(Digest digest) {
    return Files.isRegularFile(blob(digest));
  }

  @Override
  public BlobInfo info(Digest digest) {
    try {
      return new BlobInfo(digest, Files.size(blob(digest)));
    } catch (NoSuchFileException e) {
      throw notFound(digest);
    } catch (IOException e) {
      throw BerthException.internal("failed to stat blob " + digest, e);
    }
  }

  @Override
  public InputStream open(Digest digest) {
    try {
      return Files.newInputStream(blob(digest));
    } catch (NoSuchFileException e) {
      throw notFound(digest);
    } catch (IOException e) {
      throw BerthException.internal("failed to open blob " + digest, e);
    }
  }

  @Override
  public void delete(Digest digest) {
    try {
      Files.deleteIfExists(blob(digest));
    } catch (IOException e) {
      throw BerthException.internal("failed to delete blob " + digest, e);
    }
  }

  @Override
  public void walk(Consumer<BlobInfo> fn) {
    try (Stream<Path> files = Files.list(blobs)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.length() != 64 || !name.matches("[a-f0-9]{64}")) {
          continue; // not a blob (a stray temp file)
        }
        Digest digest = new Digest("sha256", name);
        try {
          fn.accept(new BlobInfo(digest, Files.size(file)));
        } catch (NoSuchFileException e) {
          // deleted while we walked
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("walk " + blobs, e);
    }
  }

  private Path blob(Digest digest) {
    return blobs.resolve(digest.hex());
  }

  private static BerthException notFound(Digest digest) {
    return BerthException.notFound("content digest " + digest + ": not found");
  }
}
