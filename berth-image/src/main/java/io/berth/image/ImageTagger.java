package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import java.time.Instant;
import java.util.function.Consumer;

/** {@code docker tag}: points a name at an image and notes the time on the image. */
public final class ImageTagger {
  private final ImageStore store;
  private final ImageLookup lookup;

  public ImageTagger(ImageStore store, ImageLookup lookup) {
    this.store = store;
    this.lookup = lookup;
  }

  /** Tags the image found by {@code source} as {@code repo[:tag]} (tag defaults to latest). */
  public Reference tag(String source, String repo, String tag) {
    ImageRecord image = lookup.find(source);
    Reference ref = Reference.parse(repo);
    if (ref.digest() != null) {
      throw BerthException.invalid("refusing to create a tag with a digest reference");
    }
    if (tag != null && !tag.isEmpty()) {
      if (ref.tag() != null) {
        throw BerthException.invalid("invalid reference format");
      }
      ref = Reference.parse(ref.name() + ":" + tag);
    }
    attach(ref.withDefaultTag(), image.id(), m -> { });
    return ref.withDefaultTag();
  }

  /**
   * Points {@code ref} at {@code id}; when it named another image, says so through
   * {@code messages} as docker load does.
   */
  public void attach(Reference ref, Digest id, Consumer<String> messages) {
    Digest old = store.setRef(ref, id);
    if (old != null && !old.equals(id)) {
      messages.accept("The image " + ref.familiar() + " already exists, renaming the old one"
          + " with ID " + old + " to empty string");
    }
    store.get(id).ifPresent(r -> store.put(r.withLastTagTime(Instant.now().toString())));
  }
}
