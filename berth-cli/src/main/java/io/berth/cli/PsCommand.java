package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth ps} / {@code berth container ls}: {@code GET /containers/json}. */
@Command(name = "ps", description = "List containers")
final class PsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
  boolean all;

  @Option(names = {"-f", "--filter"}, paramLabel = "filter",
      description = "Filter output based on conditions provided")
  List<String> filters;

  @Option(names = "--format", paramLabel = "string",
      description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'")
  String format;

  @Option(names = {"-n", "--last"}, paramLabel = "int", defaultValue = "-1",
      description = "Show n last created containers (includes all states)")
  int last;

  @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)")
  boolean latest;

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
  boolean quiet;

  @Option(names = {"-s", "--size"}, description = "Display total file sizes")
  boolean size;

  @Override
  public Integer call() {
    int limit = latest && last == -1 ? 1 : last;
    boolean tableDefault = format == null || format.isEmpty() || format.equals("table");
    boolean withSize = size || (format != null && format.contains(".Size"));
    // Go's url.Values sorts the keys: all, filters, limit, size.
    Query q = Filters.parse(filters).addTo(Query.path("/containers/json").flag("all", all));
    if (limit > 0) {
      q.add("limit", Integer.toString(limit));
    }
    q.flag("size", withSize && !quiet);
    JsonNode containers = BerthCommand.api(spec).get(q.toString());
    String table = size ? ContainerRows.TABLE + "\t{{.Size}}" : ContainerRows.TABLE;
    Format.of(quiet && tableDefault ? "{{.ID}}" : format, table).print(System.out,
        ContainerRows.of(containers, !noTrunc, Instant.now()), ContainerRows.HEADERS);
    return 0;
  }
}
