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
    return stack(apply(raw, blob, expectedDiffId, key), parentChain);
  }

  /** A layer applied into active snapshot {@code key} of its own, not yet stacked. */
  public record Applied(String key, Digest diffId, long size) {}

  /**
   * Applies the layer {@code raw} gives into a new active snapshot {@code key} without a
   * parent (a layer's diff never reads the layers below it, so a pull applies them side by
   * side), and checks its diff ID. An uncompressed layer whose blob digest is the diff ID is
   * hashed once, by the content store that verifies the blob: a caller reading a download as
   * it arrives stacks it only once that download is verified. On failure the snapshot goes.
   */
  public Applied apply(Source raw, Digest blob, Digest expectedDiffId, String key) {
    snapshots.prepare(key, null, Map.of());
    boolean done = false;
    try {
      MessageDigest sha = Digest.newSha256();
      boolean hashed;
      long size;
      try (InputStream opened = raw.open()) {
        InputStream in = opened.markSupported() ? opened
            : new java.io.BufferedInputStream(opened, 64 * 1024);
        hashed = Compression.detect(in) != Compression.Kind.NONE || !blob.equals(expectedDiffId);
        InputStream layer = Compression.decompress(in);
        try (CountingInputStream counted = new CountingInputStream(
            hashed ? new DigestInputStream(layer, sha) : layer)) {
          applier.apply(key, counted);
          counted.transferTo(OutputStream.nullOutputStream());
          size = counted.count();
        }
      } catch (IOException e) {
        throw new BerthException.InvalidArgument("read layer " + blob + ": " + Messages.of(e), e);
      }
      Digest diffId = hashed ? Digest.ofSha256(sha) : blob;
      if (expectedDiffId != null && !expectedDiffId.equals(diffId)) {
        throw BerthException.invalid("layer " + blob + " has diff ID " + diffId
            + ", the image config expects " + expectedDiffId);
      }
      done = true;
      return new Applied(key, diffId, size);
    } finally {
      if (!done) {
        removeQuietly(key);
      }
    }
  }

  /**
   * Commits an applied layer onto {@code parentChain} (committed, or null) under its chain
   * ID; when another pull made that chain meanwhile, drops this copy.
   */
  public Unpacked stack(Applied a, Digest parentChain) {
    Digest chain = ChainIds.next(parentChain, a.diffId());
    boolean done = false;
    try {
      if (!exists(chain)) {
        snapshots.commitOnto(chain.toString(), a.key(),
            parentChain == null ? null : parentChain.toString(), Map.of());
        done = true;
      }
      return new Unpacked(a.diffId(), chain, a.size());
    } finally {
      if (!done) {
        removeQuietly(a.key());
      }
    }
  }

  /** Drops an applied layer that will not be stacked. */
  public void discard(Applied a) {
    removeQuietly(a.key());
  }

  private void removeQuietly(String key) {
    try {
      snapshots.remove(key);
    } catch (BerthException.NotFound e) {
      // already gone
    }
  }
}
