package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code --format} template: the part of Go's text/template that docker users write,
 * evaluated over JSON (rows the CLI builds, or objects the daemon returns). A field missing
 * from the data prints {@code <no value>}, as Go does for maps.
 */
final class Template {
  sealed interface Node permits Text, Action, If, With, Range {}

  record Text(String text) implements Node {}

  record Action(Pipeline pipeline) implements Node {}

  record If(Pipeline test, List<Node> then, List<Node> otherwise) implements Node {}

  record With(Pipeline value, List<Node> then, List<Node> otherwise) implements Node {}

  record Range(Pipeline list, List<Node> body, List<Node> otherwise) implements Node {}

  record Pipeline(List<List<Arg>> commands) {}

  sealed interface Arg permits Field, Literal, Function, Sub {}

  record Field(List<String> path) implements Arg {}

  record Literal(JsonNode value) implements Arg {}

  record Function(String name) implements Arg {}

  record Sub(Pipeline pipeline) implements Arg {}

  private final List<Node> nodes;
  private final boolean header;

  private Template(List<Node> nodes, boolean header) {
    this.nodes = nodes;
    this.header = header;
  }

  /** Parses a template; a syntax error is a {@link CliException} "template parsing error: ...". */
  static Template parse(String text) {
    return new Template(TemplateParser.parse(text), false);
  }

  /** Runs the template with {@code dot} as {@code .}. */
  String execute(JsonNode dot) {
    StringBuilder out = new StringBuilder();
    new Template(nodes, false).run(nodes, dot, out);
    return out.toString();
  }

  /**
   * Runs the template over a table's column titles; as docker's HeaderFunctions, formatting
   * functions (json, upper, join, ...) then pass the title through unchanged.
   */
  String header(JsonNode titles) {
    StringBuilder out = new StringBuilder();
    new Template(nodes, true).run(nodes, titles, out);
    return out.toString();
  }

  private static final java.util.Set<String> HEADER_IDENTITY =
      java.util.Set.of("json", "split", "join", "title", "lower", "upper", "truncate", "pad");

  private void run(List<Node> nodes, JsonNode dot, StringBuilder out) {
    for (Node n : nodes) {
      switch (n) {
        case Text t -> out.append(t.text());
        case Action a -> out.append(TemplateFunctions.display(eval(a.pipeline(), dot)));
        case If i -> run(TemplateFunctions.truth(eval(i.test(), dot)) ? i.then() : i.otherwise(),
            dot, out);
        case With w -> {
          JsonNode v = eval(w.value(), dot);
          if (TemplateFunctions.truth(v)) {
            run(w.then(), v, out);
          } else {
            run(w.otherwise(), dot, out);
          }
        }
        case Range r -> {
          JsonNode list = eval(r.list(), dot);
          List<JsonNode> items = new ArrayList<>();
          if (list.isArray()) {
            list.forEach(items::add);
          } else if (list.isObject()) {
            // Go ranges over a map in key order.
            list.properties().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> items.add(e.getValue()));
          } else if (!list.isMissingNode() && !list.isNull()) {
            throw exec("range can't iterate over " + TemplateFunctions.display(list));
          }
          if (items.isEmpty()) {
            run(r.otherwise(), dot, out);
          }
          for (JsonNode item : items) {
            run(r.body(), item, out);
          }
        }
      }
    }
  }

  private JsonNode eval(Pipeline p, JsonNode dot) {
    JsonNode last = null;
    for (List<Arg> cmd : p.commands()) {
      last = command(cmd, dot, last);
    }
    return last;
  }

  private JsonNode command(List<Arg> cmd, JsonNode dot, JsonNode piped) {
    if (cmd.getFirst() instanceof Function f) {
      List<JsonNode> args = new ArrayList<>();
      for (Arg a : cmd.subList(1, cmd.size())) {
        args.add(value(a, dot));
      }
      if (piped != null) {
        args.add(piped);
      }
      if (header && HEADER_IDENTITY.contains(f.name()) && !args.isEmpty()) {
        return args.getFirst();
      }
      return TemplateFunctions.call(f.name(), args);
    }
    if (cmd.size() > 1 || piped != null) {
      throw exec("can't give argument to non-function " + cmd.getFirst());
    }
    return value(cmd.getFirst(), dot);
  }

  private JsonNode value(Arg a, JsonNode dot) {
    return switch (a) {
      case Literal l -> l.value();
      case Sub s -> eval(s.pipeline(), dot);
      case Function f -> TemplateFunctions.call(f.name(), List.of());
      case Field f -> {
        JsonNode v = dot;
        for (String name : f.path()) {
          v = v.isObject() ? v.path(name) : MissingNode.getInstance();
        }
        yield v;
      }
    };
  }

  static CliException exec(String what) {
    return new CliException("template: :1: executing \"\": " + what);
  }
}
