package io.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.berth.api.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** docker's template functions (json, join, split, ...) and Go's builtins, over JSON values. */
final class TemplateFunctions {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> NAMES = Set.of("json", "join", "split", "index", "len",
      "upper", "lower", "title", "truncate", "pad", "print", "println", "printf", "eq", "ne",
      "not", "and", "or");

  private TemplateFunctions() {}

  static boolean exists(String name) {
    return NAMES.contains(name);
  }

  static JsonNode call(String name, List<JsonNode> a) {
    return switch (name) {
      case "json" -> F.textNode(json(arg(a, 0, name)));
      case "join" -> {
        List<String> parts = new ArrayList<>();
        arg(a, 0, name).forEach(n -> parts.add(display(n)));
        yield F.textNode(String.join(display(arg(a, 1, name)), parts));
      }
      case "split" -> {
        ArrayNode out = F.arrayNode();
        for (String s : display(arg(a, 0, name)).split(
            java.util.regex.Pattern.quote(display(arg(a, 1, name))), -1)) {
          out.add(s);
        }
        yield out;
      }
      case "index" -> {
        JsonNode v = arg(a, 0, name);
        for (JsonNode k : a.subList(1, a.size())) {
          v = v.isArray() ? v.path(k.asInt()) : v.path(display(k));
        }
        yield v;
      }
      case "len" -> F.numberNode(arg(a, 0, name).isTextual()
          ? arg(a, 0, name).asText().length() : arg(a, 0, name).size());
      case "upper" -> F.textNode(display(arg(a, 0, name)).toUpperCase(Locale.ROOT));
      case "lower" -> F.textNode(display(arg(a, 0, name)).toLowerCase(Locale.ROOT));
      case "title" -> F.textNode(title(display(arg(a, 0, name))));
      case "truncate" -> {
        String s = display(arg(a, 0, name));
        int n = arg(a, 1, name).asInt();
        yield F.textNode(s.length() > n ? s.substring(0, n) : s);
      }
      case "pad" -> F.textNode(" ".repeat(arg(a, 1, name).asInt()) + display(arg(a, 0, name))
          + " ".repeat(arg(a, 2, name).asInt()));
      case "print" -> F.textNode(print(a, false));
      case "println" -> F.textNode(print(a, true) + "\n");
      case "printf" -> F.textNode(printf(display(arg(a, 0, name)), a.subList(1, a.size())));
      case "eq" -> F.booleanNode(a.subList(1, a.size()).stream()
          .anyMatch(b -> same(arg(a, 0, name), b)));
      case "ne" -> F.booleanNode(!same(arg(a, 0, name), arg(a, 1, name)));
      case "not" -> F.booleanNode(!truth(arg(a, 0, name)));
      case "and" -> a.stream().filter(v -> !truth(v)).findFirst().orElse(a.getLast());
      case "or" -> a.stream().filter(TemplateFunctions::truth).findFirst().orElse(a.getLast());
      default -> throw Template.exec("function \"" + name + "\" not defined");
    };
  }

  private static JsonNode arg(List<JsonNode> a, int i, String name) {
    if (i >= a.size()) {
      throw Template.exec("error calling " + name + ": wrong number of args");
    }
    return a.get(i);
  }

  /** How Go's fmt prints a value: strings bare, lists as [a b], maps as map[k:v]. */
  static String display(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "<no value>";
    } else if (v.isNull()) {
      return "<nil>";
    } else if (v.isTextual()) {
      return v.asText();
    } else if (v.isFloatingPointNumber()) {
      double d = v.asDouble();
      return d == Math.rint(d) && Math.abs(d) < 1e21 ? Long.toString((long) d)
          : Double.toString(d);
    } else if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(n -> parts.add(display(n)));
      return "[" + String.join(" ", parts) + "]";
    } else if (v.isObject()) {
      List<String> parts = new ArrayList<>();
      v.properties().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> parts.add(e.getKey() + ":" + display(e.getValue())));
      return "map[" + String.join(" ", parts) + "]";
    }
    return v.asText();
  }

  /** Go's truth: false, 0, "", nil and empty collections are false. */
  static boolean truth(JsonNode v) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return false;
    } else if (v.isBoolean()) {
      return v.asBoolean();
    } else if (v.isNumber()) {
      return v.asDouble() != 0;
    } else if (v.isTextual()) {
      return !v.asText().isEmpty();
    }
    return !v.isContainerNode() || !v.isEmpty();
  }

  /** JSON as Go's encoding/json writes it: compact, with {@code < > &} escaped. */
  static String json(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "null";
    }
    try {
      return GO_JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final ObjectWriter GO_JSON = Json.MAPPER.writer().with(new CharacterEscapes() {
    private final int[] table = standardAsciiEscapesForJSON();

    {
      table['<'] = ESCAPE_CUSTOM;
      table['>'] = ESCAPE_CUSTOM;
      table['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return new SerializedString(String.format("\\u%04x", ch));
    }
  });

  private static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.asDouble() == b.asDouble();
    }
    return display(a).equals(display(b));
  }

  private static String title(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean start = true;
    for (char c : s.toCharArray()) {
      b.append(start ? Character.toTitleCase(c) : c);
      start = !Character.isLetterOrDigit(c);
    }
    return b.toString();
  }

  /** fmt.Sprint puts spaces between operands when neither is a string; Sprintln always. */
  private static String print(List<JsonNode> a, boolean spaces) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < a.size(); i++) {
      if (i > 0 && (spaces || (!a.get(i - 1).isTextual() && !a.get(i).isTextual()))) {
        b.append(' ');
      }
      b.append(display(a.get(i)));
    }
    return b.toString();
  }

  /** The common verbs: %s %v %d %q %%; widths such as %-10s pass through to Java. */
  private static String printf(String format, List<JsonNode> a) {
    List<Object> args = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    int next = 0;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      f.append(c);
      if (c != '%') {
        continue;
      }
      int j = i + 1;
      while (j < format.length() && "-+ #0123456789.".indexOf(format.charAt(j)) >= 0) {
        j++;
      }
      if (j >= format.length()) {
        break;
      }
      char verb = format.charAt(j);
      f.append(format, i + 1, j);
      i = j;
      if (verb == '%') {
        f.append('%');
        continue;
      }
      JsonNode v = next < a.size() ? a.get(next++) : null;
      switch (verb) {
        case 'd' -> {
          f.append('d');
          args.add(v == null ? 0L : v.asLong());
        }
        case 'q' -> {
          f.append('s');
          args.add(json(F.textNode(display(v))));
        }
        default -> {
          f.append('s');
          args.add(display(v));
        }
      }
    }
    return String.format(Locale.ROOT, f.toString(), args.toArray());
  }
}
