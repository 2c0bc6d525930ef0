package io.berth.image;

import io.berth.common.Digest;
import java.util.HashMap;
import java.util.Map;

/** Builds Docker's image event attributes (labels, then {@code name}) and publishes them. */
final class ImageEventLog {
  private final ImageStore store;
  private final ImageQueries queries;
  private volatile ImageEvents sink = ImageEvents.NONE;

  ImageEventLog(ImageStore store, ImageQueries queries) {
    this.store = store;
    this.queries = queries;
  }

  void setSink(ImageEvents sink) {
    this.sink = sink;
  }

  ImageEvents sink() {
    return sink;
  }

  /** An event whose actor is image {@code id}; {@code name} null means the ID itself. */
  void log(String action, Digest id, String name) {
    Map<String, String> attrs = new HashMap<>();
    store.get(id).ifPresent(r -> {
      try {
        Map<String, String> labels = queries.config(r).runConfig().labels();
        if (labels != null) {
          attrs.putAll(labels);
        }
      } catch (RuntimeException e) {
        // config blob unreadable: the event goes out without labels
      }
    });
    attrs.put("name", name == null ? id.toString() : name);
    sink.publish(action, id.toString(), attrs);
  }

  /** {@code pull} and {@code push}: the actor is the reference, {@code name} its repository. */
  void logReference(String action, Reference ref) {
    sink.publish(action, ref.familiar(), Map.of("name", ref.familiarName()));
  }
}
