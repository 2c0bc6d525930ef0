package io.berth.build.dockerfile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration} ({@code 30s}, {@code 1m30s}, {@code 1.5h}, {@code 100ms}). */
final class GoDuration {
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
      "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private GoDuration() {}

  /** The duration, or null when {@code text} is not one. */
  static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    int pos = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (pos < text.length()) {
      if (!m.find(pos) || m.start() != pos) {
        return null;
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(
          NANOS.get(m.group(2)))));
      pos = m.end();
    }
    return pos == 0 ? null : Duration.ofNanos(nanos.longValue());
  }
}
