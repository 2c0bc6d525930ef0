package io.berth.volume;

import io.berth.common.BerthException;
import io.berth.common.Booleans;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code volume ls} filters (moby {@code daemon/volumes.go}): {@code dangling} (true/false),
 * {@code name} (substring), {@code label} ({@code key} or {@code key=value}), {@code driver};
 * and prune's {@code label}, {@code label!} and {@code all}. Values of one key are ORed, keys
 * ANDed.
 */
final class VolumeFilters {
  private static final Set<String> LIST = Set.of("dangling", "name", "label", "driver");
  private static final Set<String> PRUNE = Set.of("label", "label!", "all");

  private final Map<String, List<String>> filters;

  private VolumeFilters(Map<String, List<String>> filters) {
    this.filters = filters == null ? Map.of() : filters;
  }

  static VolumeFilters list(Map<String, List<String>> filters) {
    return check(filters, LIST, "Invalid filter '");
  }

  static VolumeFilters prune(Map<String, List<String>> filters) {
    return check(filters, PRUNE, "invalid filter '");
  }

  private static VolumeFilters check(Map<String, List<String>> filters, Set<String> allowed,
      String text) {
    if (filters != null) {
      for (String key : filters.keySet()) {
        if (!allowed.contains(key)) {
          throw BerthException.invalid(text + key + "'");
        }
      }
    }
    return new VolumeFilters(filters);
  }

  boolean test(Volume v, List<String> users) {
    for (Map.Entry<String, List<String>> f : filters.entrySet()) {
      List<String> values = f.getValue();
      if (values == null || values.isEmpty()) {
        continue;
      }
      boolean ok = switch (f.getKey()) {
        case "dangling" -> values.stream().anyMatch(d -> dangling(d) == users.isEmpty());
        case "name" -> values.stream().anyMatch(n -> v.name().contains(n));
        case "driver" -> values.stream().anyMatch(d -> v.driver().equals(d));
        case "label" -> values.stream().allMatch(l -> label(v, l));
        case "label!" -> values.stream().noneMatch(l -> label(v, l));
        default -> true; // all: handled by the caller
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean dangling(String value) {
    return switch (value.toLowerCase()) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw BerthException.invalid("invalid filter 'dangling=" + value + "'");
    };
  }

  private static boolean label(Volume v, String filter) {
    int eq = filter.indexOf('=');
    if (eq < 0) {
      return v.labels().containsKey(filter);
    }
    return filter.substring(eq + 1).equals(v.labels().get(filter.substring(0, eq)));
  }

  /** Prune's {@code all} filter (API 1.42+): remove named volumes too. */
  static boolean all(Map<String, List<String>> filters) {
    List<String> v = filters == null ? null : filters.get("all");
    return v != null && v.stream().anyMatch(Booleans::parse);
  }
}
