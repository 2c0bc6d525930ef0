package io.berth.common;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code .dockerignore} as the docker CLI applies it ({@code moby/patternmatcher}): one pattern a
 * line, {@code #} comments, {@code !} for exceptions, {@code *} and {@code ?} within a path
 * element, {@code **} across elements; paths are relative to the context, a leading slash
 * ignored. The last pattern that matches a path or one of its parents decides. Shared by the
 * berth CLI (what goes into a context) and the builder (moby's {@code removeDockerfile}).
 */
public final class DockerIgnore {
  private record Rule(Pattern regex, boolean exclusion) {}

  private final List<Rule> rules = new ArrayList<>();

  public DockerIgnore(String text) {
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean exclusion = line.startsWith("!");
      if (exclusion) {
        line = line.substring(1).strip();
      }
      line = clean(line);
      if (line.isEmpty() || line.equals(".")) {
        continue;
      }
      rules.add(new Rule(Pattern.compile(regex(line)), exclusion));
    }
  }

  /** True when the context path {@code rel} (slash separated) is left out. */
  public boolean excluded(String rel) {
    boolean out = false;
    String[] parts = rel.split("/");
    for (Rule r : rules) {
      boolean match = r.regex().matcher(rel).matches();
      StringBuilder parent = new StringBuilder();
      for (int i = 0; !match && i < parts.length - 1; i++) {
        if (i > 0) {
          parent.append('/');
        }
        parent.append(parts[i]);
        match = r.regex().matcher(parent).matches();
      }
      if (match) {
        out = !r.exclusion();
      }
    }
    return out;
  }

  /** True when some exception pattern might re-include a path below an excluded directory. */
  public boolean hasExceptions() {
    return rules.stream().anyMatch(Rule::exclusion);
  }

  private static String clean(String p) {
    List<String> out = new ArrayList<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..") && !out.isEmpty() && !out.getLast().equals("..")) {
        out.removeLast();
      } else {
        out.add(s);
      }
    }
    return String.join("/", out);
  }

  private static String regex(String p) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '*') {
        if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < p.length() && p.charAt(i + 1) == '/') {
            i++;
            b.append("(.*/)?"); // **/ : any number of directories, also none
          } else {
            b.append(".*");
          }
        } else {
          b.append("[^/]*");
        }
      } else if (c == '?') {
        b.append("[^/]");
      } else if (c == '[') {
        int end = p.indexOf(']', i + 1);
        if (end < 0) {
          b.append("\\[");
        } else {
          String set = p.substring(i + 1, end);
          b.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
          i = end;
        }
      } else if (c == '\\' && i + 1 < p.length()) {
        b.append(Pattern.quote(String.valueOf(p.charAt(++i))));
      } else {
        b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return b.toString();
  }
}
