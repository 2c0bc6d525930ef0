package io.berth.engine;

import java.util.List;

/** {@code docker top}: the processes of a container whose init has host pid {@code pid}. */
public interface ProcessLister {
  /**
   * @param psArgs {@code ps} options, {@code -ef} by default
   * @return the header titles and one row per process
   */
  Table list(int pid, String psArgs);

  /** The answer of {@code GET /containers/{id}/top}. */
  record Table(List<String> titles, List<List<String>> processes) {}
}
