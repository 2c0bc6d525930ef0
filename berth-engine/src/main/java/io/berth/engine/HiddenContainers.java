package io.berth.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Containers that another front end of the engine owns — the CRI's pods and their containers
 * (ADR 0121) — carry {@value #LABEL}; the Docker API's list and prune pass them over unless
 * the client asks for that label by name, so {@code docker ps} does not show kubelet's
 * containers and {@code docker container prune} does not remove a pod's stopped ones.
 */
final class HiddenContainers {
  static final String LABEL = "io.berth.hidden";

  private HiddenContainers() {}

  /** The filters with {@code label!=}{@value #LABEL} added, unless they name that label. */
  static Map<String, List<String>> exclude(Map<String, List<String>> filters) {
    Map<String, List<String>> f = filters == null ? Map.of() : filters;
    for (String key : List.of("label", "label!")) {
      for (String v : f.getOrDefault(key, List.of())) {
        if (v.equals(LABEL) || v.startsWith(LABEL + "=")) {
          return f;
        }
      }
    }
    Map<String, List<String>> out = new LinkedHashMap<>(f);
    List<String> not = new ArrayList<>(f.getOrDefault("label!", List.of()));
    not.add(LABEL);
    out.put("label!", not);
    return out;
  }
}
