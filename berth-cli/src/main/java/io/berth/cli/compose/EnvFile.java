package io.berth.cli.compose;

import io.berth.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code .env} or {@code env_file}: {@code KEY=VALUE} lines, {@code #} comments, an optional
 * {@code export } prefix; single quotes keep the value literal, double quotes take
 * {@code \n}, {@code \t}, {@code \"} and {@code \\}; an unquoted value ends at " #". A bare
 * {@code KEY} takes its value from {@code lookup} (the process environment), or is left out.
 */
final class EnvFile {
  private EnvFile() {}

  static Map<String, String> read(Path file, Map<String, String> lookup) {
    try {
      return parse(file.toString(), Files.readString(file), lookup);
    } catch (IOException e) {
      throw new CliException("couldn't find env file: " + file);
    }
  }

  static Map<String, String> parse(String name, String text, Map<String, String> lookup) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring(7).strip();
      }
      int eq = line.indexOf('=');
      String key = (eq < 0 ? line : line.substring(0, eq)).strip();
      if (key.isEmpty() || !key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
        throw new CliException(name + ":" + (n + 1) + ": unexpected character in variable name \""
            + key + "\"");
      }
      if (eq < 0) {
        if (lookup.containsKey(key)) {
          out.put(key, lookup.get(key));
        }
        continue;
      }
      out.put(key, value(line.substring(eq + 1).strip()));
    }
    return out;
  }

  private static String value(String v) {
    if (v.length() >= 2 && v.charAt(0) == '\'' && v.lastIndexOf('\'') > 0) {
      return v.substring(1, v.lastIndexOf('\''));
    }
    if (v.length() >= 2 && v.charAt(0) == '"' && v.lastIndexOf('"') > 0) {
      String s = v.substring(1, v.lastIndexOf('"'));
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length()) {
          char e = s.charAt(++i);
          b.append(switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            default -> e;
          });
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }
    int hash = v.indexOf(" #");
    return hash >= 0 ? v.substring(0, hash).strip() : v;
  }
}
