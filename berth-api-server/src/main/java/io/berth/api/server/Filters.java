package io.berth.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import io.berth.common.BerthException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} query parameter: JSON in the current {@code {"k":{"v":true}}} form or
 * the older {@code {"k":["v"]}} form, as moby's {@code filters.FromJSON} accepts both.
 */
public final class Filters {
  private Filters() {}

  public static Map<String, List<String>> parse(String json) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new BerthException.InvalidArgument(
          io.berth.oci.JsonErrors.describe(e, "map[string]map[string]bool"), e);
    }
    if (root == null || !root.isObject()) {
      throw BerthException.invalid("invalid filter: expected a JSON object");
    }
    for (var it = root.properties().iterator(); it.hasNext(); ) {
      var field = it.next();
      List<String> values = new ArrayList<>();
      JsonNode v = field.getValue();
      if (v.isArray()) {
        v.forEach(x -> values.add(x.asText()));
      } else if (v.isObject()) {
        v.properties().forEach(e -> {
          if (e.getValue().asBoolean()) {
            values.add(e.getKey());
          }
        });
      } else {
        throw BerthException.invalid("invalid filter '" + field.getKey() + "'");
      }
      out.put(field.getKey(), values);
    }
    return out;
  }
}
