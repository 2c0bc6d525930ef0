package io.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.berth.api.model.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth image inspect}: {@code GET /images/{name}/json} for each name. */
@Command(name = "inspect", description = "Display detailed information on one or more images")
final class ImageInspectCommand implements Callable<Integer> {
  /** Go's json.Indent(…, "", "    "): four spaces, "key": value, empty [] and {}. */
  private static final ObjectWriter INDENTED = Json.MAPPER.writer(new DefaultPrettyPrinter(
      Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("").withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("    ", "\n"))
      .withArrayIndenter(new DefaultIndenter("    ", "\n")));

  @Spec CommandSpec spec;

  @Option(names = {"-f", "--format"}, paramLabel = "string",
      description = "Format output using a custom template: 'json' or 'TEMPLATE'")
  String format;

  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> names;

  @Override
  public Integer call() {
    Api api = BerthCommand.api(spec);
    return inspect(names, format, n -> api.get(Query.path("/images/", n, "/json").toString()),
        (n, e) -> e.getMessage());
  }

  /**
   * docker's inspect: every object first (an indented array, or the template per object),
   * then every error, one per line, and exit 1 if there was any.
   */
  static int inspect(List<String> names, String format, Function<String, JsonNode> get,
      java.util.function.BiFunction<String, CliException, String> error) {
    List<JsonNode> found = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String n : names) {
      try {
        found.add(get.apply(n));
      } catch (CliException e) {
        errors.add(error.apply(n, e));
      }
    }
    PrintStream out = System.out;
    if (format == null || format.isEmpty()) {
      ArrayNode all = Json.MAPPER.createArrayNode().addAll(found);
      try {
        out.println(all.isEmpty() ? "[]" : INDENTED.writeValueAsString(all));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      Template t = Template.parse(format.equals("json") ? "{{json .}}"
          : format.replace("\\t", "\t").replace("\\n", "\n"));
      found.forEach(o -> out.println(t.execute(o)));
    }
    out.flush();
    if (!errors.isEmpty()) {
      throw new CliException(String.join("\n", errors));
    }
    return 0;
  }
}
