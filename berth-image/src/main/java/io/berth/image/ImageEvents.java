package io.berth.image;

import java.util.Map;

/**
 * Where image events go ({@code docker events --filter type=image}); berthd hands them to the
 * engine's event bus. Docker 20.10's shapes ({@code daemon/images/image_events.go}): the actor
 * is the image ID and {@code name} the new reference for {@code tag}, the ID itself for
 * {@code untag}, {@code delete}, {@code load}, {@code save} and {@code import}; for
 * {@code pull} and {@code push} the actor is the familiar reference and {@code name} its
 * repository. The image's labels are added while it still exists.
 */
@FunctionalInterface
public interface ImageEvents {
  /** Ignores every event (until berthd sets the real sink). */
  ImageEvents NONE = (action, id, attributes) -> { };

  /**
   * Publishes one event. Called on the operation's thread, under the image lock: must not
   * block or call back into the image service.
   */
  void publish(String action, String actorId, Map<String, String> attributes);
}
