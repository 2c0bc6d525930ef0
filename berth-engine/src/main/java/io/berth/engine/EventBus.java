package io.berth.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * In-memory publish/subscribe of engine events. Listeners run on the publishing thread and must
 * not block (a streaming {@code GET /events} hands events to its own queue).
 */
public final class EventBus {
  private static final Logger LOG = Logger.getLogger(EventBus.class.getName());
  /** Docker keeps the last 256 events for {@code since}; berth keeps a few more. */
  static final int HISTORY = 1024;
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  private final java.util.ArrayDeque<Event> history = new java.util.ArrayDeque<>();

  /** Adds a listener; closing the returned handle removes it. */
  public AutoCloseable subscribe(Consumer<Event> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Subscribes and returns, atomically with it, the kept events at or after {@code since}
   * (oldest first), so a {@code GET /events?since=} sees neither a gap nor a duplicate.
   */
  public synchronized Replay subscribeSince(java.time.Instant since, Consumer<Event> listener) {
    List<Event> past = history.stream().filter(e -> !e.time().isBefore(since)).toList();
    return new Replay(past, subscribe(listener));
  }

  /** Past events and the live subscription's handle. */
  public record Replay(List<Event> past, AutoCloseable subscription) {}

  /** Delivers in publish order (listeners only queue, so holding the lock is cheap). */
  public synchronized void publish(Event e) {
    history.addLast(e);
    while (history.size() > HISTORY) {
      history.removeFirst();
    }
    for (Consumer<Event> l : listeners) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, "event listener failed", ex);
      }
    }
  }
}
