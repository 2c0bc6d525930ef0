package io.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.berth.api.model.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code -f key=value} flags as the Engine API's {@code filters} JSON: {"key":{"value":true}}. */
final class Filters {
  private final Map<String, Map<String, Boolean>> byKey = new TreeMap<>();

  /** Parses repeated {@code key=value} flags; a flag without '=' is the docker CLI's error. */
  static Filters parse(List<String> flags) {
    Filters f = new Filters();
    for (String flag : flags == null ? List.<String>of() : flags) {
      int eq = flag.indexOf('=');
      if (eq < 0) {
        throw new CliException("invalid argument \"" + flag + "\" for \"-f, --filter\" flag: "
            + "bad format of filter (expected name=value)");
      }
      f.add(flag.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT),
          flag.substring(eq + 1).trim());
    }
    return f;
  }

  Filters add(String key, String value) {
    byKey.computeIfAbsent(key, k -> new TreeMap<>()).put(value, true);
    return this;
  }

  boolean isEmpty() {
    return byKey.isEmpty();
  }

  /** The wire form; keys sorted, as Go marshals maps. */
  String json() {
    try {
      return Json.MAPPER.writeValueAsString(new LinkedHashMap<>(byKey));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Adds {@code filters=...} to a request when there are any. */
  Query addTo(Query q) {
    return isEmpty() ? q : q.add("filters", json());
  }
}
