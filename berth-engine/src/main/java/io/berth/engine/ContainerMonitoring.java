package io.berth.engine;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What the routes read about containers (moby {@code monitorBackend}): lists, inspect, top,
 * diff, logs, stats and the event bus. 404 for an unknown container.
 */
public interface ContainerMonitoring {
  /** {@code GET /containers/json}; the CRI's hidden containers only when a filter names them. */
  List<ContainerView> list(boolean all, int limit, Map<String, List<String>> filters);

  /** One container with what its inspect shows. */
  ContainerView inspect(String ref);

  /** {@code docker top}: its processes as {@code ps} shows them with {@code psArgs}. */
  ProcessLister.Table top(String ref, String psArgs);

  /** {@code docker diff}: the writable layer's changes in walk order. */
  List<Change> changes(String ref);

  /** {@code docker logs}: writes the log's frames to {@code sink} as {@code options} ask. */
  void logs(String ref, LogOptions options, OutputSink sink) throws IOException;

  /** One reading of its counters; zeros when it does not run. */
  StatsSample stats(String ref);

  /** The bus container, image, volume and network events go through. */
  EventBus events();
}
