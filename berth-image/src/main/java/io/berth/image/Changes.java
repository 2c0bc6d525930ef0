package io.berth.image;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.common.BerthException;
import io.berth.oci.ImageConfig.RunConfig;
import io.berth.oci.OciJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Dockerfile instructions {@code docker import --change} and {@code docker commit
 * --change} accept, applied to an image's run config: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL,
 * USER, VOLUME, WORKDIR, STOPSIGNAL. Anything else is {@code <X> is not a valid change command}.
 */
public final class Changes {
  private Changes() {}

  public static RunConfig apply(RunConfig base, List<String> changes) {
    RunConfig c = base;
    for (String line : changes) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int space = trimmed.indexOf(' ');
      String word = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
      String arg = space < 0 ? "" : trimmed.substring(space + 1).strip();
      c = switch (word) {
        case "CMD" -> new RunConfig(c.user(), c.exposedPorts(), c.env(), c.entrypoint(),
            command(arg), c.volumes(), c.workingDir(), c.labels(), c.stopSignal(),
            c.healthcheck(), c.onBuild(), c.shell());
        case "ENTRYPOINT" -> new RunConfig(c.user(), c.exposedPorts(), c.env(), command(arg),
            c.cmd(), c.volumes(), c.workingDir(), c.labels(), c.stopSignal(), c.healthcheck(),
            c.onBuild(), c.shell());
        case "ENV" -> new RunConfig(c.user(), c.exposedPorts(), env(c.env(), pairs(arg)),
            c.entrypoint(), c.cmd(), c.volumes(), c.workingDir(), c.labels(), c.stopSignal(),
            c.healthcheck(), c.onBuild(), c.shell());
        case "LABEL" -> new RunConfig(c.user(), c.exposedPorts(), c.env(), c.entrypoint(),
            c.cmd(), c.volumes(), c.workingDir(), merge(c.labels(), pairs(arg)), c.stopSignal(),
            c.healthcheck(), c.onBuild(), c.shell());
        case "EXPOSE" -> new RunConfig(c.user(), keys(c.exposedPorts(), ports(arg)), c.env(),
            c.entrypoint(), c.cmd(), c.volumes(), c.workingDir(), c.labels(), c.stopSignal(),
            c.healthcheck(), c.onBuild(), c.shell());
        case "VOLUME" -> new RunConfig(c.user(), c.exposedPorts(), c.env(), c.entrypoint(),
            c.cmd(), keys(c.volumes(), words(arg)), c.workingDir(), c.labels(), c.stopSignal(),
            c.healthcheck(), c.onBuild(), c.shell());
        case "USER" -> new RunConfig(arg, c.exposedPorts(), c.env(), c.entrypoint(), c.cmd(),
            c.volumes(), c.workingDir(), c.labels(), c.stopSignal(), c.healthcheck(),
            c.onBuild(), c.shell());
        case "WORKDIR" -> new RunConfig(c.user(), c.exposedPorts(), c.env(), c.entrypoint(),
            c.cmd(), c.volumes(), workdir(c.workingDir(), arg), c.labels(), c.stopSignal(),
            c.healthcheck(), c.onBuild(), c.shell());
        case "STOPSIGNAL" -> new RunConfig(c.user(), c.exposedPorts(), c.env(), c.entrypoint(),
            c.cmd(), c.volumes(), c.workingDir(), c.labels(), arg, c.healthcheck(), c.onBuild(),
            c.shell());
        default -> throw BerthException.invalid(word + " is not a valid change command");
      };
    }
    return c;
  }

  /** JSON form {@code ["sh","-c"]} as is; shell form wrapped in {@code /bin/sh -c}. */
  private static List<String> command(String arg) {
    if (arg.startsWith("[")) {
      try {
        return OciJson.MAPPER.readValue(arg, new TypeReference<List<String>>() {});
      } catch (IOException e) {
        // not valid JSON: Docker then takes it as shell form
      }
    }
    return List.of("/bin/sh", "-c", arg);
  }

  private static List<String> words(String arg) {
    if (arg.startsWith("[")) {
      return command(arg).equals(List.of("/bin/sh", "-c", arg)) ? List.of(arg) : command(arg);
    }
    return List.of(arg.split("\\s+"));
  }

  /** {@code a=b c="d e"} or the legacy {@code a b c} (one pair). */
  private static Map<String, String> pairs(String arg) {
    Map<String, String> out = new LinkedHashMap<>();
    int space = arg.indexOf(' ');
    int eq = arg.indexOf('=');
    if (eq < 0 || (space >= 0 && space < eq)) {
      out.put(space < 0 ? arg : arg.substring(0, space), space < 0 ? "" : arg.substring(space + 1).strip());
      return out;
    }
    for (String word : shellWords(arg)) {
      int i = word.indexOf('=');
      if (i <= 0) {
        throw BerthException.invalid("Syntax error - can't find = in \"" + word
            + "\". Must be of the form: name=value");
      }
      out.put(word.substring(0, i), word.substring(i + 1));
    }
    return out;
  }

  private static List<String> shellWords(String arg) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (int i = 0; i < arg.length(); i++) {
      char ch = arg.charAt(i);
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        } else if (ch == '\\' && quote == '"' && i + 1 < arg.length()) {
          cur.append(arg.charAt(++i));
        } else {
          cur.append(ch);
        }
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
        any = true;
      } else if (ch == '\\' && i + 1 < arg.length()) {
        cur.append(arg.charAt(++i));
      } else if (Character.isWhitespace(ch)) {
        if (cur.length() > 0 || any) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(ch);
      }
    }
    if (cur.length() > 0 || any) {
      out.add(cur.toString());
    }
    return out;
  }

  private static List<String> env(List<String> base, Map<String, String> add) {
    List<String> out = new ArrayList<>(base == null ? List.of() : base);
    add.forEach((k, v) -> {
      out.removeIf(e -> e.equals(k) || e.startsWith(k + "="));
      out.add(k + "=" + v);
    });
    return out;
  }

  private static Map<String, String> merge(Map<String, String> base, Map<String, String> add) {
    Map<String, String> out = new LinkedHashMap<>(base == null ? Map.of() : base);
    out.putAll(add);
    return out;
  }

  private static List<String> ports(String arg) {
    return words(arg).stream().map(p -> p.contains("/") ? p.toLowerCase(Locale.ROOT) : p + "/tcp")
        .toList();
  }

  private static Map<String, Object> keys(Map<String, Object> base, List<String> add) {
    Map<String, Object> out = new LinkedHashMap<>(base == null ? Map.of() : base);
    add.forEach(k -> out.put(k, Map.of()));
    return out;
  }

  private static String workdir(String current, String arg) {
    if (arg.startsWith("/") || current == null || current.isEmpty()) {
      return arg.startsWith("/") ? arg : "/" + arg;
    }
    return current.endsWith("/") ? current + arg : current + "/" + arg;
  }
}
