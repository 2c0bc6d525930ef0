package io.berth.api.server.http;

/**
 * What the server tells an observer (berthd's metrics, ADR 0125): connections opened and
 * closed, and each request once its answer is written. Calls come from connection threads and
 * must be quick and thread-safe.
 */
public interface HttpObserver {
  /** Observes nothing. */
  HttpObserver NONE = new HttpObserver() {};

  /** A client connected. */
  default void connectionOpened() {}

  /** A connection ended (also a hijacked one, once its stream ends). */
  default void connectionClosed() {}

  /**
   * A request was answered.
   *
   * @param method the HTTP method
   * @param pattern the matched route's pattern, such as {@code /containers/{id}/start}, or null
   *     when no route matched
   * @param status the status sent
   * @param nanos the time from the request head to the end of the handler
   */
  default void requestDone(String method, String pattern, int status, long nanos) {}
}
