package io.berth.image;

/**
 * Where pull and push report what they do, in Docker's JSON-message vocabulary: a line per
 * layer {@code id} ({@code Downloading} with current and total bytes), or a message without id.
 * Implementations must accept calls from several threads.
 */
public interface Progress {
  /** {@code current} and {@code total} are -1 when the message has no progress detail. */
  void update(String id, String status, long current, long total);

  default void status(String id, String status) {
    update(id, status, -1, -1);
  }

  default void message(String status) {
    update(null, status, -1, -1);
  }

  /** The push's closing {@code aux} record. */
  default void pushed(String tag, String digest, long size) {}

  Progress NONE = (id, status, current, total) -> { };
}
