package io.berth.cli;

import io.berth.api.model.HumanDuration;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/** Human sizes and durations exactly as docker's go-units prints them. */
final class Units {
  private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

  private Units() {}

  /** go-units {@code HumanSize}: decimal units, 4 significant digits ("1.234GB"). */
  static String size(long bytes) {
    return size(bytes, 4);
  }

  /** go-units {@code HumanSizeWithPrecision}: {@code fmt.Sprintf("%.*g%s", precision, ...)}. */
  static String size(double bytes, int precision) {
    int i = 0;
    while (bytes >= 1000 && i < DECIMAL.length - 1) {
      bytes /= 1000;
      i++;
    }
    return formatG(bytes, precision) + DECIMAL[i];
  }

  /** Go's {@code %.Ng}: N significant digits, no trailing zeros, exponent when it is large. */
  static String formatG(double v, int precision) {
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(precision, RoundingMode.HALF_EVEN));
    int exp = d.precision() - d.scale() - 1;
    if (exp < -4 || exp >= precision) {
      BigDecimal mantissa = d.movePointLeft(exp).stripTrailingZeros();
      String e = String.format("%02d", Math.abs(exp));
      return mantissa.toPlainString() + "e" + (exp < 0 ? "-" : "+") + e;
    }
    return d.stripTrailingZeros().toPlainString();
  }

  /**
   * Docker's "CREATED" column: "2 hours ago". As the docker CLI's, a time at the Unix epoch (a
   * reproducible image's) is a real time: "56 years ago".
   */
  static String since(long epochSeconds, Instant now) {
    return HumanDuration.of(Duration.between(Instant.ofEpochSecond(epochSeconds), now)) + " ago";
  }
}
