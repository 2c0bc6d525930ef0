package io.berth.api.server.routes;

import io.berth.api.model.HumanDuration;

import io.berth.engine.Container;
import io.berth.engine.Times;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code Status} column of {@code docker ps}: {@code Up 5 seconds},
 * {@code Exited (0) 3 seconds ago}, {@code Created} (moby {@code container/state.go String()}
 * with go-units {@code HumanDuration}).
 */
final class HumanStatus {
  private HumanStatus() {}

  static String of(Container c, Instant now) {
    Instant started = Times.parse(c.state().startedAt());
    Instant finished = Times.parse(c.state().finishedAt());
    return switch (c.status()) {
      case RUNNING -> "Up " + HumanDuration.of(Duration.between(started, now)) + health(c);
      case PAUSED -> "Up " + HumanDuration.of(Duration.between(started, now)) + " (Paused)";
      case RESTARTING -> "Restarting (" + c.state().exitCode() + ") "
          + HumanDuration.of(Duration.between(finished, now)) + " ago";
      case REMOVING -> "Removal In Progress";
      case DEAD -> "Dead";
      case CREATED -> "Created";
      case EXITED -> finished == null ? "" : "Exited (" + c.state().exitCode() + ") "
          + HumanDuration.of(Duration.between(finished, now)) + " ago";
    };
  }

  /** moby {@code State.String()}: {@code (healthy)}, {@code (health: starting)}, ... */
  private static String health(Container c) {
    var h = c.state().health();
    if (h == null || h.status() == null) {
      return "";
    }
    return h.status().equals("starting") ? " (health: starting)" : " (" + h.status() + ")";
  }
}
