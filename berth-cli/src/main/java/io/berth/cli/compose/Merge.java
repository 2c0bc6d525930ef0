package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Several {@code -f} files merged by the Compose Specification's rules (compose-spec
 * {@code 13-merge.md}), on files already in their long shapes ({@link Shapes}): mappings merge
 * key by key, a later scalar wins; {@code command}, {@code entrypoint} and
 * {@code healthcheck.test} are replaced whole; {@code ports}, {@code volumes}, {@code secrets},
 * {@code configs} and {@code devices} merge by their unique key (a later entry with the same
 * key replaces the earlier); other sequences are appended without duplicates.
 */
final class Merge {
  private Merge() {}

  private static final Set<String> REPLACED = Set.of("command", "entrypoint", "test");

  /** Merges {@code override} into {@code base} (which is changed and returned). */
  static ObjectNode into(ObjectNode base, ObjectNode override) {
    return object(base, override, "");
  }

  private static ObjectNode object(ObjectNode base, ObjectNode over, String key) {
    for (var e : over.properties()) {
      String k = e.getKey();
      JsonNode b = base.get(k);
      JsonNode o = e.getValue();
      if (b instanceof ObjectNode bo && o instanceof ObjectNode oo) {
        object(bo, oo, k);
      } else if (b instanceof ArrayNode ba && o instanceof ArrayNode oa && !REPLACED.contains(k)) {
        base.set(k, array(k, ba, oa));
      } else {
        base.set(k, o.deepCopy());
      }
    }
    return base;
  }

  private static ArrayNode array(String key, ArrayNode base, ArrayNode over) {
    Function<JsonNode, String> id = switch (key) {
      case "ports" -> p -> p.path("host_ip").asText() + "|" + p.path("published").asText() + "|"
          + p.path("target").asText() + "|" + p.path("protocol").asText("tcp");
      case "volumes" -> v -> v.path("target").asText();
      case "secrets", "configs" -> s -> s.has("target") ? s.get("target").asText()
          : s.path("source").asText();
      case "devices" -> d -> d.isTextual() ? d.asText().split(":")[0] : d.toString();
      default -> JsonNode::toString;
    };
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    base.forEach(n -> byId.put(id.apply(n), n));
    over.forEach(n -> byId.put(id.apply(n), n.deepCopy()));
    ArrayNode out = base.arrayNode();
    byId.values().forEach(out::add);
    return out;
  }
}
