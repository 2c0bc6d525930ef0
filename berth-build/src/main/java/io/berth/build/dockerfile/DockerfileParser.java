package io.berth.build.dockerfile;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.build.dockerfile.Instruction.Command;
import io.berth.build.dockerfile.Instruction.KeyValue;
import io.berth.common.BerthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dockerfile text to {@link Dockerfile}, by the rules of Docker's parser
 * ({@code moby/buildkit frontend/dockerfile/parser} and {@code instructions/parse.go}): parser
 * directives at the very top ({@code # escape=`}), comment lines dropped (also inside a
 * continuation), the escape character at a line's end continuing it, keywords in any case,
 * JSON (exec) or shell form, {@code key=value} and legacy {@code key value} for ENV and LABEL.
 *
 * <p>A syntax error is {@code BerthException.InvalidArgument}:
 * {@code dockerfile parse error line 3 of Dockerfile: unknown instruction: RUNN}.
 */
public final class DockerfileParser {
  private static final Pattern DIRECTIVE =
      Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final String file;
  private char escape = '\\';

  private DockerfileParser(String file) {
    this.file = file;
  }

  /** Parses {@code text}; {@code file} names the Dockerfile in error messages. */
  /** The longest line Docker's parser reads: {@code bufio.MaxScanTokenSize - 1}. */
  public static final int MAX_LINE = 64 * 1024 - 1;

  public static Dockerfile parse(String file, String text) {
    return new DockerfileParser(file).parse(text);
  }

  /** One instruction line, e.g. an ONBUILD trigger stored in an image. */
  public static Instruction parseInstruction(String file, String line) {
    return new DockerfileParser(file).instruction(0, line.strip());
  }

  private record Line(int number, String text) {}

  private Dockerfile parse(String text) {
    Map<String, String> directives = new LinkedHashMap<>();
    List<Line> logical = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    boolean directivesAllowed = true;
    StringBuilder pending = null;
    int start = 0;
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      if (raw.length() > MAX_LINE / 4
          && raw.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LINE) {
        // buildkit's parser reads lines with a bufio.Scanner, whose tokens stop at 64 KiB
        throw error(i + 1, null, "dockerfile line greater than max allowed size of " + MAX_LINE);
      }
      if (i == 0 && raw.startsWith("\uFEFF")) {
        raw = raw.substring(1);
      }
      if (directivesAllowed) {
        Matcher m = DIRECTIVE.matcher(raw);
        String name = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        if (name != null && List.of("escape", "syntax", "check").contains(name)) {
          if (directives.containsKey(name)) {
            throw error(i + 1, null, "only one " + name + " parser directive can be used");
          }
          directives.put(name, m.group(2));
          if (name.equals("escape")) {
            String e = m.group(2);
            if (!e.equals("\\") && !e.equals("`")) {
              throw error(i + 1, null, "invalid escape token '" + e
                  + "' does not match ` or \\");
            }
            escape = e.charAt(0);
          }
          continue;
        }
        directivesAllowed = false;
      }
      String trimmed = raw.stripLeading();
      if (trimmed.startsWith("#") || (trimmed.isBlank())) {
        continue; // comments and blank lines, also between continued lines
      }
      String body = raw.stripTrailing();
      boolean continues = body.endsWith(String.valueOf(escape));
      if (continues) {
        body = body.substring(0, body.length() - 1);
      }
      if (pending == null) {
        pending = new StringBuilder();
        start = i + 1;
        body = body.stripLeading();
      }
      pending.append(body);
      if (!continues) {
        logical.add(new Line(start, pending.toString().strip()));
        pending = null;
      }
    }
    if (pending != null && !pending.toString().isBlank()) {
      logical.add(new Line(start, pending.toString().strip()));
    }
    return assemble(directives, logical);
  }

  private Dockerfile assemble(Map<String, String> directives, List<Line> lines) {
    List<Instruction.Arg> metaArgs = new ArrayList<>();
    List<Dockerfile.Stage> stages = new ArrayList<>();
    Instruction.From from = null;
    List<Instruction> body = new ArrayList<>();
    for (Line l : lines) {
      Instruction ins = instruction(l.number(), l.text());
      if (ins instanceof Instruction.From f) {
        if (from != null) {
          stages.add(new Dockerfile.Stage(from, body));
        }
        from = f;
        body = new ArrayList<>();
      } else if (from == null) {
        if (!(ins instanceof Instruction.Arg a)) {
          throw error(l.number(), ins.keyword(), "no build stage in current context: "
              + ins.keyword() + " before FROM");
        }
        metaArgs.add(a);
      } else {
        body.add(ins);
      }
    }
    if (from == null) {
      throw error(lines.isEmpty() ? 1 : lines.getLast().number(), null,
          "file with no instructions");
    }
    stages.add(new Dockerfile.Stage(from, body));
    return new Dockerfile(directives, metaArgs, stages);
  }

  /** One logical line to an instruction. */
  Instruction instruction(int line, String text) {
    int sp = firstSpace(text);
    String word = sp < 0 ? text : text.substring(0, sp);
    String kw = word.toUpperCase(Locale.ROOT);
    String rest = sp < 0 ? "" : text.substring(sp).strip();
    Flags flags = new Flags(line, kw);
    if (List.of("FROM", "COPY", "ADD", "HEALTHCHECK", "RUN").contains(kw)) {
      rest = flags.take(rest);
    }
    Instruction ins = switch (kw) {
      case "FROM" -> from(line, text, kw, rest, flags);
      case "RUN" -> new Instruction.Run(line, text, command(line, kw, rest, true));
      case "CMD" -> new Instruction.Cmd(line, text, command(line, kw, rest, false));
      case "ENTRYPOINT" -> new Instruction.Entrypoint(line, text, command(line, kw, rest, false));
      case "COPY", "ADD" -> copy(line, text, kw, rest, flags);
      case "ENV" -> new Instruction.Env(line, text, pairs(line, kw, rest, true));
      case "LABEL" -> new Instruction.Label(line, text, pairs(line, kw, rest, true));
      case "ARG" -> arg(line, text, kw, rest);
      case "WORKDIR" -> new Instruction.Workdir(line, text, single(line, kw, rest));
      case "USER" -> new Instruction.User(line, text, single(line, kw, rest));
      case "STOPSIGNAL" -> new Instruction.StopSignal(line, text, single(line, kw, rest));
      case "MAINTAINER" -> new Instruction.Maintainer(line, text, nonEmpty(line, kw, rest));
      case "EXPOSE" -> new Instruction.Expose(line, text, atLeastOne(line, kw, fields(rest)));
      case "VOLUME" -> new Instruction.Volume(line, text, atLeastOne(line, kw,
          json(rest) != null ? json(rest) : fields(rest)));
      case "SHELL" -> shell(line, text, kw, rest);
      case "HEALTHCHECK" -> healthcheck(line, text, kw, rest, flags);
      case "ONBUILD" -> onbuild(line, text, kw, rest);
      default -> throw error(line, word, "unknown instruction: " + word);
    };
    flags.checkAllUsed();
    return ins;
  }

  private Instruction from(int line, String text, String kw, String rest, Flags flags) {
    List<String> f = fields(rest);
    String platform = flags.get("platform");
    if (f.size() == 1) {
      return new Instruction.From(line, text, f.getFirst(), null, platform);
    }
    if (f.size() == 3 && f.get(1).equalsIgnoreCase("as")) {
      String name = f.get(2).toLowerCase(Locale.ROOT);
      if (!name.matches("[a-z][a-z0-9-_.]*")) {
        throw error(line, kw, "invalid name for build stage: \"" + f.get(2)
            + "\", name can't start with a number or contain symbols");
      }
      return new Instruction.From(line, text, f.getFirst(), name, platform);
    }
    throw error(line, kw, "FROM requires either one or three arguments");
  }

  private Instruction copy(int line, String text, String kw, String rest, Flags flags) {
    List<String> args = json(rest);
    if (args == null) {
      args = fields(rest);
    }
    if (args.size() < 2) {
      throw error(line, kw, kw + " requires at least two arguments, but only one was provided."
          + " Destination could not be determined.");
    }
    List<String> sources = args.subList(0, args.size() - 1);
    String dest = args.getLast();
    String chown = flags.get("chown");
    String chmod = flags.get("chmod");
    if (kw.equals("COPY")) {
      return new Instruction.Copy(line, text, sources, dest, flags.get("from"), chown, chmod);
    }
    return new Instruction.Add(line, text, sources, dest, chown, chmod);
  }

  private Instruction arg(int line, String text, String kw, String rest) {
    List<KeyValue> out = new ArrayList<>();
    for (String w : words(line, kw, rest)) {
      int eq = w.indexOf('=');
      out.add(eq < 0 ? new KeyValue(w, null) : new KeyValue(w.substring(0, eq),
          w.substring(eq + 1)));
    }
    if (out.isEmpty()) {
      throw error(line, kw, "ARG requires at least one argument");
    }
    return new Instruction.Arg(line, text, out);
  }

  private Instruction shell(int line, String text, String kw, String rest) {
    List<String> args = json(rest);
    if (args == null) {
      throw error(line, kw, "SHELL requires the arguments to be in JSON form");
    }
    return new Instruction.Shell(line, text, atLeastOne(line, kw, args));
  }

  private Instruction healthcheck(int line, String text, String kw, String rest, Flags flags) {
    int sp = firstSpace(rest);
    String type = (sp < 0 ? rest : rest.substring(0, sp)).toUpperCase(Locale.ROOT);
    String cmd = sp < 0 ? "" : rest.substring(sp).strip();
    if (type.equals("NONE")) {
      if (!cmd.isEmpty()) {
        throw error(line, kw, "HEALTHCHECK NONE takes no arguments");
      }
      return new Instruction.Healthcheck(line, text, null, null, null, null, null, null);
    }
    if (!type.equals("CMD")) {
      throw error(line, kw, "Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
    }
    Command test = command(line, kw, cmd, false);
    Integer retries = null;
    String r = flags.get("retries");
    if (r != null) {
      try {
        retries = Integer.parseInt(r);
      } catch (NumberFormatException e) {
        throw error(line, kw, "invalid retries: " + r);
      }
      if (retries < 0) {
        throw error(line, kw, "--retries cannot be negative (" + retries + ")");
      }
    }
    return new Instruction.Healthcheck(line, text, test, duration(line, kw, flags, "interval"),
        duration(line, kw, flags, "timeout"), duration(line, kw, flags, "start-period"),
        duration(line, kw, flags, "start-interval"), retries);
  }

  private Instruction onbuild(int line, String text, String kw, String rest) {
    if (rest.isEmpty()) {
      throw error(line, kw, "ONBUILD requires at least one argument");
    }
    Instruction inner = instruction(line, rest);
    String innerKw = inner.keyword();
    if (innerKw.equals("ONBUILD") || innerKw.equals("FROM") || innerKw.equals("MAINTAINER")) {
      throw error(line, kw, innerKw + " isn't allowed as an ONBUILD trigger");
    }
    int sp = firstSpace(rest);
    String trigger = rest.substring(0, sp < 0 ? rest.length() : sp).toUpperCase(Locale.ROOT)
        + (sp < 0 ? "" : rest.substring(sp));
    return new Instruction.OnBuild(line, text, trigger, inner);
  }

  private Command command(int line, String kw, String rest, boolean allowEmptyShell) {
    List<String> args = json(rest);
    if (args != null) {
      return new Command(args, false);
    }
    if (rest.isEmpty() && !allowEmptyShell) {
      return new Command(List.of(), true);
    }
    if (rest.isEmpty()) {
      throw error(line, kw, kw + " requires at least one argument");
    }
    return new Command(List.of(rest), true);
  }

  /** ENV and LABEL: {@code k=v k2="v 2"}, or the legacy {@code k v...} form. */
  private List<KeyValue> pairs(int line, String kw, String rest, boolean legacy) {
    List<String> words = words(line, kw, rest);
    if (words.isEmpty()) {
      throw error(line, kw, kw + " requires at least one argument");
    }
    List<KeyValue> out = new ArrayList<>();
    if (legacy && !words.getFirst().contains("=")) {
      int sp = firstSpace(rest);
      if (sp < 0) {
        throw error(line, kw, kw + " must have two arguments");
      }
      out.add(new KeyValue(rest.substring(0, sp), rest.substring(sp).strip()));
      return out;
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq <= 0) {
        throw error(line, kw, "Syntax error - can't find = in \"" + w
            + "\". Must be of the form: name=value");
      }
      out.add(new KeyValue(w.substring(0, eq), w.substring(eq + 1)));
    }
    return out;
  }

  /**
   * Splits on blanks outside quotes, keeping quotes and escapes in the words (they are
   * removed when the word is expanded), as moby's {@code parseWords}.
   */
  private List<String> words(int line, String kw, String rest) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (quote == 0 && Character.isWhitespace(c)) {
        if (!w.isEmpty()) {
          out.add(w.toString());
          w.setLength(0);
        }
        continue;
      }
      w.append(c);
      if (c == escape && i + 1 < rest.length() && quote != '\'') {
        w.append(rest.charAt(++i));
      } else if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
    }
    if (quote != 0) {
      throw error(line, kw, "unterminated quote in " + kw + ": " + rest);
    }
    if (!w.isEmpty()) {
      out.add(w.toString());
    }
    return out;
  }

  private String single(int line, String kw, String rest) {
    if (rest.isEmpty()) {
      throw error(line, kw, kw + " requires exactly one argument");
    }
    return rest;
  }

  private String nonEmpty(int line, String kw, String rest) {
    if (rest.isEmpty()) {
      throw error(line, kw, kw + " requires exactly one argument");
    }
    return rest;
  }

  private List<String> atLeastOne(int line, String kw, List<String> args) {
    if (args.isEmpty()) {
      throw error(line, kw, kw + " requires at least one argument");
    }
    return args;
  }

  private Duration duration(int line, String kw, Flags flags, String name) {
    String v = flags.get(name);
    if (v == null) {
      return null;
    }
    Duration d = GoDuration.parse(v);
    if (d == null) {
      throw error(line, kw, "time: invalid duration \"" + v + "\"");
    }
    if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
      throw error(line, kw, "--" + name + " cannot be less than 1ms");
    }
    return d;
  }

  /** The JSON array of strings {@code rest} holds, or null when it is not one. */
  static List<String> json(String rest) {
    if (!rest.startsWith("[")) {
      return null;
    }
    try {
      return JSON.readValue(rest, STRINGS);
    } catch (Exception e) {
      return null;
    }
  }

  static List<String> fields(String rest) {
    return rest.isBlank() ? List.of() : List.of(rest.strip().split("\\s+"));
  }

  private static int firstSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  BerthException error(int line, String keyword, String message) {
    return BerthException.invalid("dockerfile parse error line " + line + " of " + file
        + (keyword == null ? "" : " (" + keyword.toUpperCase(Locale.ROOT) + ")") + ": "
        + message);
  }

  /** The {@code --name=value} flags in front of an instruction's arguments. */
  private final class Flags {
    private final int line;
    private final String kw;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final java.util.Set<String> used = new java.util.HashSet<>();

    Flags(int line, String kw) {
      this.line = line;
      this.kw = kw;
    }

    String take(String rest) {
      String r = rest;
      while (r.startsWith("--")) {
        int sp = firstSpace(r);
        String flag = sp < 0 ? r : r.substring(0, sp);
        r = sp < 0 ? "" : r.substring(sp).strip();
        if (flag.equals("--")) {
          break;
        }
        int eq = flag.indexOf('=');
        String name = eq < 0 ? flag.substring(2) : flag.substring(2, eq);
        if (eq < 0) {
          throw error(line, kw, "Missing a value on flag: " + flag);
        }
        values.put(name, flag.substring(eq + 1));
      }
      return r;
    }

    String get(String name) {
      used.add(name);
      return values.get(name);
    }

    void checkAllUsed() {
      for (String name : values.keySet()) {
        if (!used.contains(name)) {
          throw error(line, kw, "Unknown flag: " + name);
        }
      }
    }
  }
}
