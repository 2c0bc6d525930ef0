package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.berth.cli.Template.Arg;
import io.berth.cli.Template.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the subset of Go's text/template that docker's {@code --format} users write:
 * text, {@code {{pipeline}}}, {@code if/else if/else}, {@code range/else}, {@code with},
 * {@code end}, pipes, parentheses, string/number/bool literals, trim markers.
 */
final class TemplateParser {
  private final String src;
  private int pos;

  private TemplateParser(String src) {
    this.src = src;
  }

  static List<Node> parse(String text) {
    TemplateParser p = new TemplateParser(text);
    List<Node> nodes = new ArrayList<>();
    String stop = p.parseList(nodes);
    if (stop != null) {
      throw error("unexpected {{" + stop + "}}");
    }
    return nodes;
  }

  /** Parses until EOF or a keyword that closes a block; returns that action's text or null. */
  private String parseList(List<Node> into) {
    boolean trimNext = false;
    while (pos < src.length()) {
      int open = src.indexOf("{{", pos);
      String text = src.substring(pos, open < 0 ? src.length() : open);
      if (trimNext) {
        text = text.stripLeading();
      }
      if (open < 0) {
        add(into, text);
        pos = src.length();
        break;
      }
      int start = open + 2;
      if (src.startsWith("- ", start)) {
        text = text.stripTrailing();
        start += 2;
      }
      add(into, text);
      int close = src.indexOf("}}", start);
      if (close < 0) {
        throw error("unclosed action");
      }
      int end = close;
      trimNext = false;
      if (end > start && src.startsWith(" -", end - 2) && end - 2 >= start) {
        end -= 2;
        trimNext = true;
      }
      String action = src.substring(start, end).trim();
      pos = close + 2;
      if (trimNext && pos < src.length()) {
        int skip = pos;
        while (skip < src.length() && Character.isWhitespace(src.charAt(skip))) {
          skip++;
        }
        pos = skip;
        trimNext = false;
      }
      if (action.startsWith("/*")) {
        continue;
      }
      String[] kw = action.split("\\s+", 2);
      switch (kw[0]) {
        case "end", "else" -> {
          return action;
        }
        case "if", "with", "range" -> into.add(block(kw[0], kw.length > 1 ? kw[1] : ""));
        default -> into.add(new Template.Action(pipeline(action)));
      }
    }
    return null;
  }

  private Node block(String kind, String pipeline) {
    if (pipeline.isBlank()) {
      throw error("missing value for " + kind);
    }
    List<Node> body = new ArrayList<>();
    List<Node> otherwise = new ArrayList<>();
    String stop = parseList(body);
    if (stop == null) {
      throw error("unexpected EOF");
    }
    if (stop.startsWith("else")) {
      String rest = stop.substring(4).trim();
      if (rest.startsWith("if ") && kind.equals("if")) {
        // {{else if x}} ... {{end}}: one nested if that shares the outer {{end}}.
        otherwise.add(block("if", rest.substring(3)));
      } else {
        stop = parseList(otherwise);
        if (!"end".equals(stop)) {
          throw error("expected {{end}}");
        }
      }
    } else if (!stop.equals("end")) {
      throw error("unexpected {{" + stop + "}}");
    }
    Template.Pipeline p = pipeline(pipeline);
    return switch (kind) {
      case "if" -> new Template.If(p, body, otherwise);
      case "with" -> new Template.With(p, body, otherwise);
      default -> new Template.Range(p, body, otherwise);
    };
  }

  private static void add(List<Node> into, String text) {
    if (!text.isEmpty()) {
      into.add(new Template.Text(text));
    }
  }

  /** {@code cmd | cmd ...}, each cmd a list of arguments. */
  static Template.Pipeline pipeline(String text) {
    List<String> tokens = tokens(text);
    int[] at = {0};
    Template.Pipeline p = pipeline(tokens, at);
    if (at[0] < tokens.size()) {
      throw error("unexpected \"" + tokens.get(at[0]) + "\" in operand");
    }
    return p;
  }

  private static Template.Pipeline pipeline(List<String> tokens, int[] at) {
    List<List<Arg>> cmds = new ArrayList<>();
    List<Arg> cmd = new ArrayList<>();
    while (at[0] < tokens.size() && !tokens.get(at[0]).equals(")")) {
      String t = tokens.get(at[0]++);
      if (t.equals("|")) {
        if (cmd.isEmpty()) {
          throw error("missing command before |");
        }
        cmds.add(cmd);
        cmd = new ArrayList<>();
      } else if (t.equals("(")) {
        cmd.add(new Template.Sub(pipeline(tokens, at)));
        if (at[0] >= tokens.size()) {
          throw error("unclosed left paren");
        }
        at[0]++;
      } else {
        cmd.add(arg(t));
      }
    }
    if (cmd.isEmpty()) {
      throw error("missing value for command");
    }
    cmds.add(cmd);
    return new Template.Pipeline(cmds);
  }

  private static Arg arg(String t) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    char c = t.charAt(0);
    if (c == '.') {
      return new Template.Field(t.equals(".") ? List.of()
          : Arrays.asList(t.substring(1).split("\\.")));
    } else if (c == '"' || c == '`') {
      return new Template.Literal(f.textNode(t.substring(1)));
    } else if (Character.isDigit(c) || c == '-') {
      try {
        return new Template.Literal(t.contains(".") ? f.numberNode(Double.parseDouble(t))
            : f.numberNode(Long.parseLong(t)));
      } catch (NumberFormatException e) {
        throw error("bad number syntax: " + t);
      }
    } else if (t.equals("true") || t.equals("false")) {
      return new Template.Literal(f.booleanNode(Boolean.parseBoolean(t)));
    } else if (t.equals("nil")) {
      return new Template.Literal(f.nullNode());
    } else if (TemplateFunctions.exists(t)) {
      return new Template.Function(t);
    }
    throw error("function \"" + t + "\" not defined");
  }

  /** Strings come back as their opening quote plus the unescaped value. */
  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '|' || c == '(' || c == ')') {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '"') {
        StringBuilder b = new StringBuilder("\"");
        for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
          char d = s.charAt(i);
          if (d == '\\' && i + 1 < s.length()) {
            d = s.charAt(++i);
            d = switch (d) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> d;
            };
          }
          b.append(d);
        }
        if (i >= s.length()) {
          throw error("unterminated quoted string");
        }
        i++;
        out.add(b.toString());
      } else if (c == '`') {
        int end = s.indexOf('`', i + 1);
        if (end < 0) {
          throw error("unterminated raw quoted string");
        }
        out.add(s.substring(i, end));
        i = end + 1;
      } else {
        int start = i;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))
            && "|()\"`".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  static CliException error(String what) {
    return new CliException("template parsing error: template: :1: " + what);
  }
}
