package io.berth.common;

import java.util.Locale;

/** Docker's query-string booleans: anything but "", 0, no, false, none is true. */
public final class Booleans {
  private Booleans() {}

  public static boolean parse(String value) {
    if (value == null) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "", "0", "no", "false", "none" -> false;
      default -> true;
    };
  }
}
