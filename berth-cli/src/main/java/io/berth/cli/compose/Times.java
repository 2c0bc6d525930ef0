package io.berth.cli.compose;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** {@code --since}/{@code --until} values as the engine takes them: Unix seconds. */
final class Times {
  private Times() {}

  /** A relative duration (42m), an RFC 3339 time, or Unix seconds, as Unix seconds. */
  static String unix(String v) {
    if (v.matches("\\d+(\\.\\d+)?")) {
      return v;
    }
    if (v.matches("(\\d+(\\.\\d+)?(ns|us|ms|s|m|h))+")) {
      Instant t = Instant.now().minus(Duration.ofNanos(Units.nanos(v)));
      return String.valueOf(t.getEpochSecond());
    }
    try {
      return String.valueOf(OffsetDateTime.parse(v).toEpochSecond());
    } catch (java.time.format.DateTimeParseException e) {
      return String.valueOf(Instant.parse(v + "Z").getEpochSecond());
    }
  }

  /** "2 minutes ago", as docker's units.HumanDuration with " ago". */
  static String ago(long epochSeconds) {
    long s = Math.max(0, Instant.now().getEpochSecond() - epochSeconds);
    String d;
    if (s < 1) {
      d = "Less than a second";
    } else if (s == 1) {
      d = "1 second";
    } else if (s < 60) {
      d = s + " seconds";
    } else if (s / 60 == 1) {
      d = "About a minute";
    } else if (s < 3600) {
      d = s / 60 + " minutes";
    } else if (s / 3600 == 1) {
      d = "About an hour";
    } else if (s < 48 * 3600) {
      d = s / 3600 + " hours";
    } else {
      d = s / 86400 + " days";
    }
    return d + " ago";
  }
}
