package io.berth.engine;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Docker's timestamps: RFC 3339 with nanoseconds, and Go's zero time for "never". */
public final class Times {
  public static final String ZERO = "0001-01-01T00:00:00Z";

  private Times() {}

  public static String format(Instant t) {
    return t == null ? ZERO : DateTimeFormatter.ISO_INSTANT.format(t);
  }

  /** The instant of an RFC 3339 text, or null for the zero time, null or blank. */
  public static Instant parse(String text) {
    if (text == null || text.isBlank() || ZERO.equals(text)) {
      return null;
    }
    return Instant.parse(text);
  }
}
