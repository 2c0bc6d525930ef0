package io.berth.image;

import io.berth.common.Digest;
import java.util.List;

/**
 * What berth keeps about one image: its ID (the digest of its config blob, which lives in the
 * content store), its layers bottom first, and times. {@code parent} is set by builds;
 * {@code manifest} when the image came with a manifest blob (pull).
 *
 * @param created the config's {@code created}, RFC 3339, or null
 * @param lastTagTime when a name was last attached, RFC 3339, or null
 */
public record ImageRecord(Digest id, List<Layer> layers, String created, Digest parent,
    Digest manifest, String lastTagTime) {

  public ImageRecord {
    layers = List.copyOf(layers);
  }

  /**
   * One layer: {@code blob} is the stored (maybe compressed) tar of {@code mediaType} and
   * {@code blobSize} bytes; {@code size} the uncompressed tar's length.
   */
  public record Layer(Digest diffId, Digest chainId, Digest blob, String mediaType, long blobSize,
      long size) {}

  /** Sum of the uncompressed layer sizes, Docker's image {@code Size}. */
  public long size() {
    return layers.stream().mapToLong(Layer::size).sum();
  }

  /** The chain ID of the top layer, the snapshot a container starts from; null without layers. */
  public Digest topChain() {
    return layers.isEmpty() ? null : layers.getLast().chainId();
  }

  public ImageRecord withLastTagTime(String time) {
    return new ImageRecord(id, layers, created, parent, manifest, time);
  }
}
