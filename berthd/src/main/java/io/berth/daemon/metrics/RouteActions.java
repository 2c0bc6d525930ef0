package io.berth.daemon.metrics;

import java.util.Map;

/**
 * Which API routes are dockerd's container, image and network "actions", under the action
 * names dockerd's {@code engine_daemon_*_actions_seconds} histograms use (moby
 * {@code daemon/metrics.go}). Pure: a method and route pattern in, a kind and action out.
 */
final class RouteActions {
  private RouteActions() {}

  /** The histogram a route feeds and the action label. */
  enum Kind { CONTAINER, IMAGE, NETWORK }

  record Action(Kind kind, String name) {}

  private static final Map<String, Action> ACTIONS = Map.ofEntries(
      e("POST /containers/create", Kind.CONTAINER, "create"),
      e("POST /containers/{id}/start", Kind.CONTAINER, "start"),
      e("POST /containers/{id}/stop", Kind.CONTAINER, "stop"),
      e("POST /containers/{id}/restart", Kind.CONTAINER, "restart"),
      e("POST /containers/{id}/kill", Kind.CONTAINER, "kill"),
      e("POST /containers/{id}/pause", Kind.CONTAINER, "pause"),
      e("POST /containers/{id}/unpause", Kind.CONTAINER, "unpause"),
      e("DELETE /containers/{id*}", Kind.CONTAINER, "delete"),
      e("GET /containers/{id}/changes", Kind.CONTAINER, "changes"),
      e("POST /commit", Kind.CONTAINER, "commit"),
      e("POST /images/create", Kind.IMAGE, "pull"),
      e("POST /images/{name*}/push", Kind.IMAGE, "push"),
      e("POST /images/{name*}/tag", Kind.IMAGE, "tag"),
      e("DELETE /images/{name*}", Kind.IMAGE, "delete"),
      e("POST /images/load", Kind.IMAGE, "load"),
      e("POST /networks/create", Kind.NETWORK, "create"),
      e("DELETE /networks/{id}", Kind.NETWORK, "delete"),
      e("POST /networks/{id}/connect", Kind.NETWORK, "connect"),
      e("POST /networks/{id}/disconnect", Kind.NETWORK, "disconnect"));

  private static Map.Entry<String, Action> e(String route, Kind kind, String name) {
    return Map.entry(route, new Action(kind, name));
  }

  /** The action of a route, or null when it is none of dockerd's. */
  static Action of(String method, String pattern) {
    return pattern == null ? null : ACTIONS.get(method + " " + pattern);
  }
}
