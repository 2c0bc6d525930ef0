package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.CountingInputStream;
import io.berth.common.Digest;
import io.berth.common.Messages;
import io.berth.content.ContentStore;
import io.berth.snapshot.DiffApplier;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;

/**
 * Turns layer blobs from the content store into committed snapshots keyed by chain ID:
 * {@code prepare("extract-<random>", parentChain)}, apply the uncompressed tar while hashing
 * it, check the hash against the config's diff ID, {@code commit(chainId)}. A layer whose
 * snapshot exists is skipped. On any failure the active snapshot is removed again.
 */
public final class Unpacker {
  private final ContentStore content;
  private final Snapshotter snapshots;
  private final DiffApplier applier;

  public Unpacker(ContentStore content, Snapshotter snapshots, DiffApplier applier) {
    this.content = content;
    this.snapshots = snapshots;
    this.applier = applier;
  }

  /** A layer that was applied or found: its diff ID, chain ID and uncompressed size (-1: skipped). */
  public record Unpacked(Digest diffId, Digest chainId, long size) {}

  /** True when the committed snapshot {@code chainId} exists. */
  public boolean exists(Digest chainId) {
    try {
      snapshots.stat(chainId.toString());
      return true;
    } catch (BerthException.NotFound e) {
      return false;
    }
  }

  /**
   * Unpacks blob {@code blob} on top of {@code parentChain} (null for the bottom layer).
   *
   * @param expectedDiffId the config's diff ID, or null to take whatever the blob holds (import)
   * @throws BerthException.InvalidArgument when the digest does not match or the tar is unsafe
   */
  public Unpacked unpack(Digest blob, Digest parentChain, Digest expectedDiffId) {
    return unpack(() -> content.open(blob), blob, parentChain, expectedDiffId,
        "extract-" + UUID.randomUUID());
  }

  /** Opens a layer's (maybe compressed) bytes. */
  public interface Source {
    InputStream open() throws IOException;
  }

  /**
   * Unpacks the layer {@code raw} gives, which need not be in the content store yet (a pull
   * unpacks while it downloads); the diff ID check guards what is committed.
   *
   * @param key the active snapshot to unpack into, {@code extract-...}
   */
  public Unpacked unpack(Source raw, Digest blob, Digest parentChain, Digest expectedDiffId,
      String key) {
    if (expectedDiffId != null) {
      Digest chain = ChainIds.next(parentChain, expectedDiffId);
      if (exists(chain)) {
        return new Unpacked(expectedDiffId, chain, -1);
      }
    }
    String parent = parentChain == null ? null : parentChain.toString();
    snapshots.prepare(key, parent, Map.of());
    boolean done = false;
    try {
      MessageDigest sha = Digest.newSha256();
      long size;
      try (InputStream in = raw.open();
          CountingInputStream counted = new CountingInputStream(
              new DigestInputStream(Compression.decompress(in), sha))) {
        applier.apply(key, counted);
        counted.transferTo(OutputStream.nullOutputStream());
        size = counted.count();
      } catch (IOException e) {
        throw new BerthException.InvalidArgument("read layer " + blob + ": " + Messages.of(e), e);
      }
      Digest diffId = Digest.ofSha256(sha);
      if (expectedDiffId != null && !expectedDiffId.equals(diffId)) {
        throw BerthException.invalid("layer " + blob + " has diff ID " + diffId
            + ", the image config expects " + expectedDiffId);
      }
      Digest chain = ChainIds.next(parentChain, diffId);
      if (exists(chain)) {
        return new Unpacked(diffId, chain, size);
      }
      snapshots.commit(chain.toString(), key, Map.of());
      done = true;
      return new Unpacked(diffId, chain, size);
    } finally {
      if (!done) {
        removeQuietly(key);
      }
    }
  }

  private void removeQuietly(String key) {
    try {
      snapshots.remove(key);
    } catch (BerthException.NotFound e) {
      // already gone
    }
  }
}
