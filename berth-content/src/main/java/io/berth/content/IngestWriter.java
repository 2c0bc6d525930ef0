package io.berth.content;

import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;

/**
 * Writes one blob to {@code <ingest>/data}, hashing and counting as it streams, and on
 * {@link #commit} verifies, fsyncs and renames it to {@code blobs/sha256/<hex>}.
 */
final class IngestWriter extends BlobWriter {
  private final Path dir;
  private final Path data;
  private final Path blobs;
  private final long expectedSize;
  private final Digest expected;
  private final Runnable onClose;
  private final boolean keep;
  private FileChannel channel;
  private final MessageDigest sha256 = Digest.newSha256();
  private long written;
  private boolean closed;
  private boolean committing;

  IngestWriter(Path dir, Path blobs, long expectedSize, Digest expected, Runnable onClose) {
    this(dir, blobs, expectedSize, expected, onClose, false);
  }

  /**
   * @param keep a resumable ingest: bytes already in {@code data} are kept (and hashed) and
   *     continue to be written after them, and a close without commit keeps them for the next
   *     writer of the same ref; only a failed commit (a corrupt blob) discards them
   */
  IngestWriter(Path dir, Path blobs, long expectedSize, Digest expected, Runnable onClose,
      boolean keep) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.blobs = blobs;
    this.expectedSize = expectedSize;
    this.expected = expected;
    this.onClose = onClose;
    this.keep = keep;
    boolean made = !Files.isDirectory(dir);
    try {
      Files.createDirectories(dir);
      if (keep) {
        Files.writeString(dir.resolve("resumable"), "");
        this.channel = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        rehash();
      } else {
        this.channel = FileChannel.open(data, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      }
    } catch (IOException e) {
      if (made) {
        deleteQuietly(dir); // a failed open (no fd left) leaves no empty ingest behind
      }
      throw BerthException.internal("failed to open ingest " + dir, e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve("data"));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // the start-up sweep removes it
    }
  }

  @Override
  public void park() {
    if (closed || !channel.isOpen()) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      throw BerthException.internal("park ingest " + dir, e);
    }
  }

  /** The open channel; a parked writer reopens its file, positioned at its end. */
  private FileChannel channel() throws IOException {
    if (!channel.isOpen()) {
      channel = FileChannel.open(data, StandardOpenOption.WRITE);
      channel.position(written);
    }
    return channel;
  }

  /** Hashes what an earlier writer left, and positions after it. */
  private void rehash() throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    channel.position(0);
    while (channel.read(buf) > 0) {
      buf.flip();
      sha256.update(buf);
      written += buf.limit();
      buf.clear();
    }
  }

  @Override
  public Path file() {
    return data;
  }

  /** Drops what is there, to start the blob again from its first byte. */
  @Override
  public void truncate() {
    try {
      channel().truncate(0);
      channel.position(0);
      sha256.reset();
      written = 0;
    } catch (IOException e) {
      throw BerthException.internal("truncate ingest " + dir, e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("blob writer is closed");
    }
    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
    FileChannel ch = channel();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    sha256.update(b, off, len);
    written += len;
  }

  @Override
  public long written() {
    return written;
  }

  @Override
  public BlobInfo commit() {
    if (closed) {
      throw BerthException.conflict("failed to commit blob: writer is closed");
    }
    committing = true;
    try {
      FileChannel ch = channel();
      ch.force(true);
      ch.close();
      if (expectedSize >= 0 && written != expectedSize) {
        throw BerthException.invalid("failed to commit blob: unexpected commit size "
            + written + ", expected " + expectedSize);
      }
      Digest actual = Digest.ofSha256(sha256);
      if (expected != null && !expected.equals(actual)) {
        throw BerthException.invalid("failed to commit blob: unexpected digest " + actual
            + ", expected " + expected);
      }
      Path target = blobs.resolve(actual.hex());
      if (!Files.exists(target)) {
        // containerd makes committed blobs read-only: content never changes under a digest.
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r--r--r--"));
        // rename(2) replaces atomically, so a concurrent writer of the same content wins or
        // loses harmlessly: either way the file under the digest has exactly those bytes.
        Files.move(data, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.fsyncDirectory(blobs);
      }
      return new BlobInfo(actual, written);
    } catch (IOException e) {
      throw BerthException.internal("failed to commit blob", e);
    } finally {
      close();
    }
  }

  /** Discards the ingest unless {@link #commit} moved it away. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
      if (keep && !committing) {
        return;
      }
      Files.deleteIfExists(data);
      Files.deleteIfExists(dir.resolve("resumable"));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("discard ingest " + dir, e);
    } finally {
      onClose.run();
    }
  }
}
