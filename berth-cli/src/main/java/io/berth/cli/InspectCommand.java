package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth inspect}: low-level information on containers and images. Without --type a
 * name is looked up as a container first, then as an image, as docker does; a name that
 * matches nothing is "Error: No such object: NAME".
 */
@Command(name = "inspect", description = "Return low-level information on berth objects")
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--format"}, paramLabel = "string",
      description = "Format output using a custom template: 'json' or 'TEMPLATE'")
  String format;

  @Option(names = {"-s", "--size"}, description = "Display total file sizes if the type is container")
  boolean size;

  @Option(names = "--type", paramLabel = "string",
      description = "Only inspect objects of the given type (container, image, volume)")
  String type;

  @Parameters(arity = "1..*", paramLabel = "NAME|ID")
  List<String> names;

  @Override
  public Integer call() {
    String t = type == null ? "" : type;
    if (!t.isEmpty() && !t.equals("image") && !t.equals("container") && !t.equals("volume")) {
      throw new CliException("\"" + type + "\" is not a valid value for --type");
    }
    Api api = BerthCommand.api(spec);
    Function<String, JsonNode> container = n -> api.get(
        Query.path("/containers/", n, "/json").flag("size", size).toString());
    Function<String, JsonNode> image = n -> api.get(Query.path("/images/", n, "/json").toString());
    Function<String, JsonNode> volume = n -> api.get(Query.path("/volumes/", n).toString());
    Function<String, JsonNode> get = switch (t) {
      case "container" -> container;
      case "image" -> image;
      case "volume" -> volume;
      default -> n -> {
        try {
          return container.apply(n);
        } catch (CliException e) {
          if (!e.notFound()) {
            throw e;
          }
        }
        try {
          return image.apply(n);
        } catch (CliException e) {
          if (!e.notFound()) {
            throw e;
          }
          return volume.apply(n);
        }
      };
    };
    return ImageInspectCommand.inspect(names, format, get,
        (n, e) -> e.notFound() && t.isEmpty() ? "Error: No such object: " + n : e.getMessage());
  }
}
