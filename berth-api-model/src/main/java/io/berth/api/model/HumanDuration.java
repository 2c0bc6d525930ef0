package io.berth.api.model;

import java.time.Duration;

/**
 * Durations as Docker writes them for people: the daemon in a container's {@code Status}
 * ("Up 5 seconds", "Exited (0) 2 hours ago"), the CLI in its CREATED columns.
 */
public final class HumanDuration {
  private HumanDuration() {}

  /** {@code d} in words, as go-units' {@code HumanDuration}: "About a minute", "3 hours". */
  public static String of(Duration d) {
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
    // Go rounds half away from zero to the nearest hour here.
    long hours = (d.toMillis() + 30 * 60 * 1000) / (60 * 60 * 1000);
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
    return d.toHours() / 24 / 365 + " years";
  }
}
