package io.berth.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Table cells as the docker CLI writes them: short ids, ellipses, Go's time formats. */
final class Cells {
  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx z", Locale.ROOT);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern(" xx z", Locale.ROOT);
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

  private Cells() {}

  /** stringid.TruncateID: drops the algorithm and keeps 12 characters. */
  static String shortId(String id) {
    String s = id.substring(id.indexOf(':') + 1);
    return s.length() > 12 ? s.substring(0, 12) : s;
  }

  /** formatter.Ellipsis: cuts to {@code max} characters, the last one being "…". */
  static String ellipsis(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }

  /** Go's {@code time.Time.String()} in the local zone: "2024-01-02 03:04:05 +0000 UTC". */
  static String goTime(long epochSeconds) {
    return GO_TIME.format(local(epochSeconds));
  }

  /**
   * Go's {@code time.Time.String()} of an RFC 3339 time, with its fraction as Go prints it
   * (trailing zeros dropped): "2024-01-02 03:04:05.91392 +0000 UTC"; empty when unreadable.
   */
  static String goTime(String rfc3339) {
    ZonedDateTime t;
    try {
      t = Instant.parse(rfc3339).atZone(ZoneId.systemDefault());
    } catch (java.time.format.DateTimeParseException e) {
      return "";
    }
    String fraction = t.getNano() == 0 ? ""
        : ("." + String.format(Locale.ROOT, "%09d", t.getNano())).replaceAll("0+$", "");
    return SECONDS.format(t) + fraction + ZONE.format(t);
  }

  /** Labels as the docker CLI's list cells join them: {@code a=1,b=2}, sorted. */
  static String labels(com.fasterxml.jackson.databind.JsonNode labels) {
    java.util.List<String> out = new java.util.ArrayList<>();
    new java.util.TreeMap<String, String>(labels.isObject()
        ? io.berth.api.model.Json.MAPPER.convertValue(labels,
            new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() {})
        : java.util.Map.of()).forEach((k, v) -> out.add(k + "=" + v));
    return String.join(",", out);
  }

  /** Go's {@code time.RFC3339} in the local zone: "2024-01-02T03:04:05Z". */
  static String rfc3339(long epochSeconds) {
    return RFC3339.format(local(epochSeconds));
  }

  private static ZonedDateTime local(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds).atZone(ZoneId.systemDefault());
  }
}
