package io.berth.api.server.routes;

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
      case RUNNING -> "Up " + duration(Duration.between(started, now));
      case PAUSED -> "Up " + duration(Duration.between(started, now)) + " (Paused)";
      case RESTARTING -> "Restarting (" + c.state().exitCode() + ") "
          + duration(Duration.between(finished, now)) + " ago";
      case REMOVING -> "Removal In Progress";
      case DEAD -> "Dead";
      case CREATED -> "Created";
      case EXITED -> finished == null ? "" : "Exited (" + c.state().exitCode() + ") "
          + duration(Duration.between(finished, now)) + " ago";
    };
  }

  static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 1) {
      return "Less than a second";
    } else if (seconds == 1) {
      return "1 second";
    } else if (seconds < 60) {
      return seconds + " seconds";
    }
    long minutes = d.toMinutes();
    if (minutes == 1) {
      return "About a minute";
    } else if (minutes < 60) {
      return minutes + " minutes";
    }
    long hours = Math.round(d.toSeconds() / 3600.0);
    if (hours == 1) {
      return "About an hour";
    } else if (hours < 48) {
      return hours + " hours";
    } else if (hours < 24 * 7 * 2) {
      return hours / 24 + " days";
    } else if (hours < 24 * 30 * 2) {
      return hours / 24 / 7 + " weeks";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 / 30 + " months";
    }
    return hours / 24 / 365 + " years";
  }
}
