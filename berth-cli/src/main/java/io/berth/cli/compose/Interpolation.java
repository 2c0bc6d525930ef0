package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.berth.cli.CliException;
import io.berth.common.Messages;
import java.util.Map;

/**
 * The Compose Specification's interpolation of string values (keys are left alone):
 * {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}} (unset or empty), {@code ${VAR-default}}
 * (unset), {@code ${VAR:?error}} / {@code ${VAR?error}} (a required variable),
 * {@code ${VAR:+alt}} / {@code ${VAR+alt}} and {@code $$} for a literal dollar. Defaults and
 * alternatives may hold further substitutions. An unset variable without a default is the
 * empty string, as in Compose (which warns).
 */
final class Interpolation {
  private final Map<String, String> env;

  Interpolation(Map<String, String> env) {
    this.env = env;
  }

  /** Interpolates every string value under {@code node} in place; errors name {@code file}. */
  void apply(YamlFile file) {
    walk(file.tree(), "", file);
  }

  private void walk(JsonNode node, String path, YamlFile file) {
    if (node instanceof ObjectNode o) {
      for (var e : o.properties()) {
        String p = YamlFile.join(path, e.getKey());
        if (e.getValue() instanceof TextNode t) {
          o.put(e.getKey(), at(t.asText(), p, file));
        } else {
          walk(e.getValue(), p, file);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        String p = YamlFile.join(path, String.valueOf(i));
        if (a.get(i) instanceof TextNode t) {
          a.set(i, TextNode.valueOf(at(t.asText(), p, file)));
        } else {
          walk(a.get(i), p, file);
        }
      }
    }
  }

  private String at(String s, String path, YamlFile file) {
    try {
      return expand(s);
    } catch (CliException e) {
      throw new CliException("error while interpolating " + path + " in " + file.where(path)
          + ": " + Messages.of(e));
    }
  }

  /** {@code s} with its substitutions made. */
  String expand(String s) {
    if (s.indexOf('$') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '$' || i + 1 >= s.length()) {
        out.append(c);
        i++;
        continue;
      }
      char n = s.charAt(i + 1);
      if (n == '$') {
        out.append('$');
        i += 2;
      } else if (n == '{') {
        int end = closing(s, i + 2);
        if (end < 0) {
          throw new CliException("invalid interpolation format for \"" + s + "\"");
        }
        out.append(braced(s.substring(i + 2, end), s));
        i = end + 1;
      } else if (n == '_' || Character.isLetter(n)) {
        int j = i + 1;
        while (j < s.length() && (s.charAt(j) == '_' || Character.isLetterOrDigit(s.charAt(j)))) {
          j++;
        }
        out.append(env.getOrDefault(s.substring(i + 1, j), ""));
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index of the brace that closes the one before {@code from}, nesting counted. */
  private static int closing(String s, int from) {
    int depth = 1;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private String braced(String inner, String whole) {
    int j = 0;
    while (j < inner.length() && (inner.charAt(j) == '_' || Character.isLetterOrDigit(inner.charAt(j)))) {
      j++;
    }
    String name = inner.substring(0, j);
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      throw new CliException("invalid interpolation format for \"" + whole + "\"");
    }
    String value = env.get(name);
    if (j == inner.length()) {
      return value == null ? "" : value;
    }
    boolean colon = inner.charAt(j) == ':';
    int op = colon ? j + 1 : j;
    if (op >= inner.length()) {
      throw new CliException("invalid interpolation format for \"" + whole + "\"");
    }
    char kind = inner.charAt(op);
    String arg = inner.substring(op + 1);
    boolean missing = value == null || colon && value.isEmpty();
    return switch (kind) {
      case '-' -> missing ? expand(arg) : value;
      case '+' -> missing ? "" : expand(arg);
      case '?' -> {
        if (missing) {
          throw new CliException("required variable " + name + " is missing a value"
              + (arg.isEmpty() ? "" : ": " + expand(arg)));
        }
        yield value;
      }
      default -> throw new CliException("invalid interpolation format for \"" + whole + "\"");
    };
  }
}
