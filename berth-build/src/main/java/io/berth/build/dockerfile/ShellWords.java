package io.berth.build.dockerfile;

import io.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Docker's variable substitution in Dockerfile words ({@code moby/buildkit
 * frontend/dockerfile/shell/lex.go}): {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:+alt}}, {@code ${VAR+alt}}, {@code ${VAR:?message}};
 * single quotes are literal, double quotes expand, the escape character makes the next
 * character literal; quotes are removed. Unset variables expand to nothing.
 */
public final class ShellWords {
  private final char escape;
  private final Function<String, String> env;
  private String text;
  private int pos;

  private ShellWords(char escape, Function<String, String> env) {
    this.escape = escape;
    this.env = env;
  }

  /** Expands one word (spaces kept), e.g. an ENV value or a WORKDIR path. */
  public static String word(String text, char escape, Function<String, String> env) {
    ShellWords s = new ShellWords(escape, env);
    s.text = text;
    s.pos = 0;
    return String.join("", s.process(false, (char) 0));
  }

  /** Expands and splits into words on unquoted blanks, e.g. EXPOSE's ports. */
  public static List<String> words(String text, char escape, Function<String, String> env) {
    ShellWords s = new ShellWords(escape, env);
    s.text = text;
    s.pos = 0;
    return s.process(true, (char) 0);
  }

  /**
   * Reads until {@code stop} (outside quotes) or the end; returns the words (one word when
   * {@code split} is false).
   */
  private List<String> process(boolean split, char stop) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (stop != 0 && c == stop) {
        break;
      }
      if (split && Character.isWhitespace(c)) {
        pos++;
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
        continue;
      }
      inWord = true;
      if (c == '\'') {
        pos++;
        int end = text.indexOf('\'', pos);
        if (end < 0) {
          throw BerthException.invalid("unexpected end of statement while looking for matching"
              + " single-quote");
        }
        w.append(text, pos, end);
        pos = end + 1;
      } else if (c == '"') {
        pos++;
        doubleQuoted(w);
      } else if (c == '$') {
        w.append(dollar());
      } else if (c == escape) {
        pos++;
        if (pos < text.length()) {
          w.append(text.charAt(pos++));
        } else {
          w.append(c);
        }
      } else {
        w.append(c);
        pos++;
      }
    }
    if (inWord || !split) {
      words.add(w.toString());
    }
    return words;
  }

  private void doubleQuoted(StringBuilder w) {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return;
      }
      if (c == '$') {
        w.append(dollar());
      } else if (c == escape && pos + 1 < text.length()
          && "\"$`".indexOf(text.charAt(pos + 1)) >= 0 || c == escape && pos + 1 < text.length()
          && text.charAt(pos + 1) == escape) {
        w.append(text.charAt(pos + 1));
        pos += 2;
      } else {
        w.append(c);
        pos++;
      }
    }
    throw BerthException.invalid("unexpected end of statement while looking for matching"
        + " double-quote");
  }

  /** At a {@code $}: the expansion, or a literal {@code $}. */
  private String dollar() {
    pos++;
    if (pos >= text.length()) {
      return "$";
    }
    char c = text.charAt(pos);
    if (c == '{') {
      pos++;
      String name = name();
      if (pos >= text.length()) {
        throw BerthException.invalid("syntax error: missing '}'");
      }
      char m = text.charAt(pos);
      if (m == '}') {
        pos++;
        return value(name, "");
      }
      boolean colon = m == ':';
      if (colon) {
        pos++;
        if (pos >= text.length()) {
          throw BerthException.invalid("syntax error: missing '}'");
        }
        m = text.charAt(pos);
      }
      if (m != '-' && m != '+' && m != '?') {
        throw BerthException.invalid("unsupported modifier (" + m + ") in substitution");
      }
      pos++;
      String word = String.join("", process(false, '}'));
      if (pos >= text.length()) {
        throw BerthException.invalid("syntax error: missing '}'");
      }
      pos++; // the closing brace
      String v = env.apply(name);
      boolean set = v != null && (!colon || !v.isEmpty());
      return switch (m) {
        case '-' -> set ? v : word;
        case '+' -> set ? word : "";
        default -> {
          if (!set) {
            throw BerthException.invalid(name + ": " + (word.isEmpty() ? "is not allowed to be"
                + " unset" : word));
          }
          yield v;
        }
      };
    }
    String name = name();
    if (name.isEmpty()) {
      return "$";
    }
    return value(name, "");
  }

  private String name() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        break;
      }
      pos++;
    }
    return text.substring(start, pos);
  }

  private String value(String name, String fallback) {
    String v = env.apply(name);
    return v == null ? fallback : v;
  }
}
