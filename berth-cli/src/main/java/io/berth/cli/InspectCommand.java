package io.berth.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth inspect}: low-level information on objects; images only for now. As docker's,
 * a name that matches nothing is "Error: No such object: NAME".
 */
@Command(name = "inspect", description = "Return low-level information on berth objects")
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--format"}, paramLabel = "string",
      description = "Format output using a custom template: 'json' or 'TEMPLATE'")
  String format;

  @Option(names = "--type", paramLabel = "string", description = "Only inspect objects of the given type (image)")
  String type;

  @Parameters(arity = "1..*", paramLabel = "NAME|ID")
  List<String> names;

  @Override
  public Integer call() {
    if (type != null && !type.isEmpty() && !type.equals("image")) {
      throw new CliException("\"" + type + "\" is not a valid value for --type");
    }
    Api api = BerthCommand.api(spec);
    return ImageInspectCommand.inspect(names, format,
        n -> api.get(Query.path("/images/", n, "/json").toString()),
        (n, e) -> e.getMessage().contains("No such image") ? "Error: No such object: " + n
            : e.getMessage());
  }
}
