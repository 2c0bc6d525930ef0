package io.berth.cli.compose;

import io.berth.cli.CliException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compose's durations ({@code 1m30s}, {@code 500ms}) and byte sizes ({@code 512m}, {@code 1gb}). */
final class Units {
  private Units() {}

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  /** A Go duration in nanoseconds; a bare number is seconds. */
  static long nanos(String s) {
    s = s.strip();
    if (s.matches("\\d+")) {
      return Long.parseLong(s) * 1_000_000_000L;
    }
    Matcher m = PART.matcher(s);
    long total = 0;
    int at = 0;
    while (m.find() && m.start() == at) {
      double n = Double.parseDouble(m.group(1));
      long unit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      total += (long) (n * unit);
      at = m.end();
    }
    if (at != s.length() || at == 0) {
      throw new CliException("invalid duration " + s);
    }
    return total;
  }

  /** A size in bytes: a number with an optional b, k, m or g (kb, mb, gb), powers of 1024. */
  static long bytes(String s) {
    String v = s.strip().toLowerCase(Locale.ROOT);
    Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)i?b?").matcher(v);
    if (!m.matches()) {
      throw new CliException("invalid size " + s);
    }
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
  }
}
