package io.berth.api.server;

import io.berth.api.model.InfoResponse;
import io.berth.api.model.VersionResponse;

/** What the system routes need from the daemon. */
public interface SystemService {
  /** {@code GET /version}: berth's version, API range, kernel, OS and arch. */
  VersionResponse version();

  /** {@code GET /info}: true facts about this host and the daemon's state. */
  InfoResponse info();

  /** {@code _ping}'s Swarm header: {@code inactive}, or {@code active/manager} in a swarm. */
  default String swarmStatus() {
    return "inactive";
  }
}
