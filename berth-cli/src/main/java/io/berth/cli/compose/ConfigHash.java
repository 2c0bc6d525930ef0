package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * A service's config hash ({@code com.docker.compose.config-hash}): sha256 of its resolved
 * definition as canonical JSON (keys sorted), without what does not change a container —
 * the replica count and the build section (a rebuilt image shows as a new image id instead),
 * as Compose v2's {@code ServiceHash}.
 */
final class ConfigHash {
  private ConfigHash() {}

  static String of(ObjectNode service) {
    ObjectNode s = service.deepCopy();
    s.remove("build");
    s.remove("scale");
    s.remove("profiles");
    if (s.get("deploy") instanceof ObjectNode d) {
      d.remove("replicas");
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(canonical(s).toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode canonical(JsonNode n) {
    if (n instanceof ObjectNode o) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      o.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      sorted.forEach(out::set);
      return out;
    }
    if (n instanceof ArrayNode a) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      a.forEach(x -> out.add(canonical(x)));
      return out;
    }
    return n;
  }
}
