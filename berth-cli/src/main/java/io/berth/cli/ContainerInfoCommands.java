package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** rename, top, diff and export: one call each on one container. */
final class ContainerInfoCommands {
  private ContainerInfoCommands() {}

  @Command(name = "rename", description = "Rename a container")
  static final class Rename implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;
    @Parameters(index = "1", paramLabel = "NEW_NAME") String name;

    @Override
    public Integer call() {
      String old = container.strip();
      String fresh = name.strip();
      if (old.isEmpty() || fresh.isEmpty()) {
        throw new CliException("Error: Neither old nor new names may be empty");
      }
      try {
        BerthCommand.api(spec).call("POST",
            Query.path("/containers/", old, "/rename").add("name", fresh).toString());
      } catch (CliException e) {
        throw new CliException(e.getMessage() + "\nError: failed to rename container named "
            + old);
      }
      return 0;
    }
  }

  /** {@code GET /containers/{name}/top}: Titles and Processes, aligned in 20-wide cells. */
  @Command(name = "top", description = "Display the running processes of a container")
  static final class Top implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;
    @Parameters(index = "1..*", paramLabel = "ps OPTIONS") List<String> psArgs;

    @Override
    public Integer call() {
      Query q = Query.path("/containers/", container, "/top");
      if (psArgs != null && !psArgs.isEmpty()) {
        q.add("ps_args", String.join(" ", psArgs));
      }
      JsonNode top = BerthCommand.api(spec).get(q.toString());
      StringBuilder text = new StringBuilder();
      line(text, top.path("Titles"));
      top.path("Processes").forEach(p -> line(text, p));
      System.out.print(TabWriter.align(text.toString(), 20));
      System.out.flush();
      return 0;
    }

    private static void line(StringBuilder text, JsonNode cells) {
      StringBuilder l = new StringBuilder();
      cells.forEach(c -> l.append(l.isEmpty() ? "" : "\t").append(c.asText()));
      text.append(l).append('\n');
    }
  }

  /** {@code GET /containers/{name}/changes}: "C /path", "A /path" or "D /path" per change. */
  @Command(name = "diff", description = "Inspect changes to files or directories on a container's filesystem")
  static final class Diff implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;

    @Override
    public Integer call() {
      JsonNode changes = BerthCommand.api(spec).get(
          Query.path("/containers/", container, "/changes").toString());
      for (JsonNode c : changes) {
        String kind = switch (c.path("Kind").asInt()) {
          case 1 -> "A";
          case 2 -> "D";
          default -> "C";
        };
        System.out.println(kind + " " + c.path("Path").asText());
      }
      System.out.flush();
      return 0;
    }
  }

  /** {@code GET /containers/{name}/export} to stdout (never a terminal) or a file. */
  @Command(name = "export", description = "Export a container's filesystem as a tar archive")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-o", "--output"}, paramLabel = "string", description = "Write to a file, instead of STDOUT")
    String output;
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;

    @Override
    public Integer call() throws IOException {
      return TarDownload.run(BerthCommand.api(spec),
          Query.path("/containers/", container, "/export").toString(), output,
          "export container");
    }
  }

  /** {@code POST /containers/prune}: asks first unless -f, then lists what went. */
  @Command(name = "prune", description = "Remove all stopped containers")
  static final class Prune implements Callable<Integer> {
    static final String WARNING = "WARNING! This will remove all stopped containers.\n"
        + "Are you sure you want to continue?";
    @Spec CommandSpec spec;
    @Option(names = "--filter", paramLabel = "filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters;
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Override
    public Integer call() {
      Filters f = Filters.parse(filters);
      if (!force && !ImagePruneCommand.confirm(System.out, WARNING)) {
        return 0;
      }
      JsonNode report = BerthCommand.api(spec).call("POST",
          f.addTo(Query.path("/containers/prune")).toString());
      JsonNode deleted = report.path("ContainersDeleted");
      if (!deleted.isEmpty()) {
        StringBuilder b = new StringBuilder("Deleted Containers:\n");
        deleted.forEach(d -> b.append(d.asText()).append('\n'));
        System.out.println(b);
      }
      System.out.println("Total reclaimed space: "
          + Units.size(report.path("SpaceReclaimed").asLong()));
      return 0;
    }
  }
}
