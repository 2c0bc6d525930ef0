package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth images} / {@code berth image ls}: {@code GET /images/json}. */
@Command(name = "images", description = "List images")
final class ImagesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)")
  boolean all;

  @Option(names = "--digests", description = "Show digests")
  boolean digests;

  @Option(names = {"-f", "--filter"}, paramLabel = "filter",
      description = "Filter output based on conditions provided")
  List<String> filters;

  @Option(names = "--format", paramLabel = "string",
      description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'")
  String format;

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
  boolean quiet;

  @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
  String reference;

  @Override
  public Integer call() {
    Filters f = Filters.parse(filters);
    if (reference != null) {
      f.add("reference", reference);
    }
    JsonNode images = BerthCommand.api(spec).get(
        f.addTo(Query.path("/images/json").flag("all", all)).toString());
    String defaultFormat = digests ? ImageRows.TABLE_DIGESTS : ImageRows.TABLE;
    boolean tableDefault = format == null || format.isEmpty() || format.equals("table");
    Format.of(quiet && tableDefault ? "{{.ID}}" : format, defaultFormat).print(System.out,
        ImageRows.of(images, !noTrunc, digests, Instant.now()), ImageRows.HEADERS);
    return 0;
  }
}
