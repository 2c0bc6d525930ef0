package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import java.util.List;

/**
 * Finds an image by name or ID as the daemon's {@code GetImage} does: a full ID (with or
 * without {@code sha256:}), then a name ({@code :latest} added), then an ID prefix. Not found is
 * {@code No such image: busybox:latest}, the familiar form docker-py matches on.
 */
public final class ImageLookup {
  private final ImageStore store;

  public ImageLookup(ImageStore store) {
    this.store = store;
  }

  /** An image and the name it was found by (null when found by ID). */
  public record Found(ImageRecord image, Reference ref) {}

  public ImageRecord find(String text) {
    return resolve(text).image();
  }

  public Found resolve(String text) {
    if (Reference.isFullId(text)) {
      Digest id = Digest.parse(text.startsWith("sha256:") ? text : "sha256:" + text);
      return new Found(store.get(id).orElseThrow(() -> noSuch(id.toString())), null);
    }
    Reference ref = Reference.parse(text).withDefaultTag();
    var named = store.resolve(ref).flatMap(store::get);
    if (named.isPresent()) {
      return new Found(named.get(), ref);
    }
    String prefix = text.startsWith("sha256:") ? text.substring(7) : text;
    if (prefix.matches("[a-f0-9]+")) {
      List<ImageRecord> hits = store.byPrefix(prefix);
      if (hits.size() == 1) {
        return new Found(hits.getFirst(), null);
      }
    }
    throw noSuch(ref.familiar());
  }

  static BerthException.NotFound noSuch(String what) {
    return BerthException.notFound("No such image: " + what);
  }
}
