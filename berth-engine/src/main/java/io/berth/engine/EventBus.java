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
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

  /** Adds a listener; closing the returned handle removes it. */
  public AutoCloseable subscribe(Consumer<Event> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public void publish(Event e) {
    for (Consumer<Event> l : listeners) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, "event listener failed", ex);
      }
    }
  }
}
