package io.berth.image;

import io.berth.common.BerthException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code filters} of image list and prune, checked against what Docker accepts. */
final class ImageFilters {
  private ImageFilters() {}

  static void check(Map<String, List<String>> filters, Set<String> accepted) {
    for (String key : filters.keySet()) {
      if (!accepted.contains(key)) {
        throw BerthException.invalid("Invalid filter '" + key + "'");
      }
    }
  }

  /** The dangling filter: null when absent. */
  static Boolean dangling(Map<String, List<String>> filters) {
    List<String> v = filters.get("dangling");
    if (v == null || v.isEmpty()) {
      return null;
    }
    Boolean result = null;
    for (String s : v) {
      boolean b = switch (s.toLowerCase(java.util.Locale.ROOT)) {
        case "true", "1" -> true;
        case "false", "0" -> false;
        default -> throw BerthException.invalid("Invalid filter 'dangling=" + s + "'");
      };
      result = result == null ? b : result || b;
    }
    return result;
  }

  /** Every {@code label} filter ({@code key} or {@code key=value}) matches. */
  static boolean labels(Map<String, List<String>> filters, Map<String, String> labels) {
    for (String want : filters.getOrDefault("label", List.of())) {
      int eq = want.indexOf('=');
      String k = eq < 0 ? want : want.substring(0, eq);
      if (labels == null || !labels.containsKey(k)
          || (eq >= 0 && !want.substring(eq + 1).equals(labels.get(k)))) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code path.Match}: {@code *} and {@code ?} stop at {@code /}. */
  static boolean glob(String pattern, String text) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '[' -> {
          int end = pattern.indexOf(']', i + 1);
          if (end < 0) {
            return false;
          }
          String cls = pattern.substring(i + 1, end);
          re.append('[').append(cls.startsWith("^") ? "^" + cls.substring(1) : cls).append(']');
          i = end;
        }
        case '\\' -> {
          if (i + 1 < pattern.length()) {
            re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return text.matches(re.toString());
  }

  /** A timestamp (unix seconds or RFC 3339) or a duration before now ({@code 24h}, {@code 10m}). */
  static Instant time(String value) {
    try {
      if (value.matches("\\d+(\\.\\d+)?")) {
        return Instant.ofEpochMilli((long) (Double.parseDouble(value) * 1000));
      }
      if (value.matches("(\\d+(\\.\\d+)?(h|m|s|ms))+")) {
        return Instant.now().minus(Duration.parse("PT" + value.toUpperCase(java.util.Locale.ROOT)
            .replace("MS", "S")));
      }
      return Instant.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw BerthException.invalid("invalid time value " + value);
    }
  }

  static Instant created(ImageRecord r) {
    try {
      return r.created() == null ? Instant.EPOCH : Instant.parse(r.created());
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
