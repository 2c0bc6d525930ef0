package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.cli.CliException;
import io.berth.common.Messages;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * One compose file read into a JSON tree, with the line of every key so that later errors can
 * say where. snakeyaml-engine parses (YAML 1.2 core schema, anchors and aliases); YAML 1.1's
 * merge key {@code <<}, which Compose files use with anchors and YAML 1.2 dropped, is applied
 * here: the merged mappings' keys first, the mapping's own keys over them.
 */
record YamlFile(String file, ObjectNode tree, Map<String, Integer> lines) {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** The line (1-based) of the key at {@code path} (keys joined with '.'), or 0. */
  int line(String path) {
    return lines.getOrDefault(path, 0);
  }

  /** "file:line" of {@code path}, or just the file when its line is not known. */
  String where(String path) {
    int l = line(path);
    return l > 0 ? file + ":" + l : file;
  }

  static YamlFile parse(String file, String text) {
    LoadSettings settings = LoadSettings.builder().setLabel(file).setSchema(new CoreSchema())
        .setAllowDuplicateKeys(false).setMaxAliasesForCollections(1000).build();
    Node root;
    try {
      root = new Compose(settings).composeString(text).orElse(null);
    } catch (YamlEngineException e) {
      throw new CliException("yaml: " + Messages.of(e).replace('\n', ' ').trim());
    }
    Map<String, Integer> lines = new HashMap<>();
    if (root == null) {
      return new YamlFile(file, F.objectNode(), lines);
    }
    JsonNode tree = new Converter(file, lines).convert(root, "");
    if (!(tree instanceof ObjectNode o)) {
      throw new CliException(file + ": top-level object must be a mapping");
    }
    return new YamlFile(file, o, lines);
  }

  private static final class Converter {
    private final String file;
    private final Map<String, Integer> lines;
    private final Map<Node, Boolean> active = new IdentityHashMap<>();

    Converter(String file, Map<String, Integer> lines) {
      this.file = file;
      this.lines = lines;
    }

    JsonNode convert(Node node, String path) {
      if (active.put(node, Boolean.TRUE) != null) {
        throw new CliException(file + ": " + path + ": recursive alias");
      }
      try {
        return switch (node) {
          case ScalarNode s -> scalar(s);
          case SequenceNode s -> {
            ArrayNode a = F.arrayNode();
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) {
              a.add(convert(items.get(i), join(path, String.valueOf(i))));
            }
            yield a;
          }
          case MappingNode m -> mapping(m, path);
          default -> throw new CliException(file + ": unsupported YAML node at " + path);
        };
      } finally {
        active.remove(node);
      }
    }

    private ObjectNode mapping(MappingNode m, String path) {
      ObjectNode merged = F.objectNode();
      ObjectNode own = F.objectNode();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          throw new CliException(file + ":" + line(t.getKeyNode()) + ": " + path
              + ": mapping keys must be strings");
        }
        if (k.getTag().equals(Tag.MERGE) || k.getValue().equals("<<") && k.isPlain()) {
          for (Node src : t.getValueNode() instanceof SequenceNode s ? s.getValue()
              : List.of(t.getValueNode())) {
            if (!(convert(src, path) instanceof ObjectNode o)) {
              throw new CliException(file + ":" + line(src) + ": " + path
                  + ": a merge key (<<) takes a mapping or a list of mappings");
            }
            o.properties().forEach(e -> {
              if (!merged.has(e.getKey())) {
                merged.set(e.getKey(), e.getValue());
              }
            });
          }
          continue;
        }
        String key = k.getValue();
        String p = join(path, key);
        lines.put(p, line(k));
        own.set(key, convert(t.getValueNode(), p));
      }
      merged.setAll(own);
      return merged;
    }

    private static JsonNode scalar(ScalarNode s) {
      String v = s.getValue();
      Tag tag = s.getTag();
      if (tag.equals(Tag.NULL)) {
        return F.nullNode();
      }
      if (tag.equals(Tag.BOOL)) {
        return F.booleanNode(v.equalsIgnoreCase("true"));
      }
      if (tag.equals(Tag.INT)) {
        try {
          BigInteger n = v.startsWith("0x") ? new BigInteger(v.substring(2), 16)
              : v.startsWith("0o") ? new BigInteger(v.substring(2), 8)
              // yaml.v3 (compose-go) reads 0440 as octal, as YAML 1.1 did: file modes
              : v.matches("0[0-7]+") ? new BigInteger(v.substring(1), 8) : new BigInteger(v);
          return n.bitLength() < 63 ? F.numberNode(n.longValue()) : F.textNode(v);
        } catch (NumberFormatException e) {
          return F.textNode(v);
        }
      }
      if (tag.equals(Tag.FLOAT)) {
        try {
          return F.numberNode(Double.parseDouble(v));
        } catch (NumberFormatException e) {
          return F.textNode(v);
        }
      }
      return F.textNode(v);
    }

    private static int line(Node n) {
      return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
