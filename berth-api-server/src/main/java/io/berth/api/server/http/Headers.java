package io.berth.api.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP headers with case-insensitive names, in arrival order. */
public final class Headers {
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  public void add(String name, String value) {
    values.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
  }

  /** Every value of {@code name}, in arrival order. */
  public List<String> all(String name) {
    return values.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** Appends to the last value of {@code name} (a folded continuation line). */
  void appendToLast(String name, String more) {
    List<String> list = values.get(name.toLowerCase(Locale.ROOT));
    list.set(list.size() - 1, list.getLast() + more);
  }

  /** The first value of {@code name}, or null. */
  public String first(String name) {
    List<String> list = values.get(name.toLowerCase(Locale.ROOT));
    return list == null || list.isEmpty() ? null : list.getFirst();
  }

  /** True when a comma-separated header such as Connection lists {@code token}. */
  public boolean hasToken(String name, String token) {
    List<String> list = values.get(name.toLowerCase(Locale.ROOT));
    if (list == null) {
      return false;
    }
    for (String v : list) {
      for (String part : v.split(",")) {
        if (part.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }
}
