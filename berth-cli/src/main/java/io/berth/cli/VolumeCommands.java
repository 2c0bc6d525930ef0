package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth volume create|ls|inspect|rm|prune}: one call each on {@code /volumes}. */
final class VolumeCommands {
  private VolumeCommands() {}

  /** {@code berth volume}: alone it prints its commands. */
  @Command(name = "volume", description = "Manage volumes")
  static final class Group implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  @Command(name = "create", description = "Create a volume")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-d", "--driver"}, paramLabel = "string", defaultValue = "local",
        description = "Specify volume driver name") String driver;
    @Option(names = "--label", paramLabel = "list", description = "Set metadata for a volume")
    List<String> labels = new ArrayList<>();
    @Option(names = {"-o", "--opt"}, paramLabel = "map",
        description = "Set driver specific options") List<String> opts = new ArrayList<>();
    @Option(names = "--name", hidden = true) String nameFlag;
    @Parameters(arity = "0..1", paramLabel = "VOLUME") String name;

    @Override
    public Integer call() {
      if (name != null && nameFlag != null && !name.equals(nameFlag)) {
        throw new CliException("conflicting options: either specify --name or provide"
            + " positional arg, not both");
      }
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("Name", name != null ? name : nameFlag == null ? "" : nameFlag);
      body.put("Driver", driver);
      body.set("DriverOpts", map(opts, "--opt"));
      body.set("Labels", map(labels, null));
      JsonNode v = BerthCommand.api(spec).post(Query.path("/volumes/create").toString(), body);
      System.out.println(v.path("Name").asText());
      return 0;
    }

    /** {@code key=value} flags; a label without '=' has an empty value, an option must not. */
    private static ObjectNode map(List<String> flags, String needsValue) {
      ObjectNode m = Json.MAPPER.createObjectNode();
      for (String f : flags) {
        int eq = f.indexOf('=');
        if (eq < 0 && needsValue != null) {
          throw new CliException("invalid argument \"" + f + "\" for \"" + needsValue
              + "\" flag: bad format for key-value pair");
        }
        m.put(eq < 0 ? f : f.substring(0, eq), eq < 0 ? "" : f.substring(eq + 1));
      }
      return m;
    }
  }

  @Command(name = "ls", aliases = "list", description = "List volumes")
  static final class Ls implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-q", "--quiet"}, description = "Only display volume names") boolean quiet;
    @Option(names = {"-f", "--filter"}, paramLabel = "filter",
        description = "Provide filter values (e.g. \"dangling=true\")") List<String> filters;
    @Option(names = "--format", paramLabel = "string",
        description = "Format output using a custom template: 'table', 'table TEMPLATE',"
            + " 'json' or 'TEMPLATE'") String format;

    @Override
    public Integer call() {
      JsonNode r = BerthCommand.api(spec).get(Filters.parse(filters)
          .addTo(Query.path("/volumes")).toString());
      List<JsonNode> rows = new ArrayList<>();
      r.path("Volumes").forEach(v -> rows.add(row(v)));
      rows.sort(java.util.Comparator.comparing(v -> v.path("Name").asText()));
      Format f = quiet && format == null ? Format.of("{{.Name}}", "{{.Name}}")
          : Format.of(format, "table {{.Driver}}\t{{.Name}}");
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Driver", "DRIVER");
      headers.put("Name", "VOLUME NAME");
      headers.put("Mountpoint", "MOUNTPOINT");
      headers.put("Scope", "SCOPE");
      f.print(System.out, rows, headers);
      return 0;
    }
  }

  /**
   * The docker CLI's volume row: its cells as strings, keys sorted as Go marshals them; the
   * cluster-volume cells are {@code N/A}, and so is Size, which only {@code system df} fills.
   */
  static ObjectNode row(JsonNode v) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("Availability", "N/A");
    r.put("Driver", v.path("Driver").asText());
    r.put("Group", "N/A");
    r.put("Labels", Cells.labels(v.path("Labels")));
    r.put("Links", "N/A");
    r.put("Mountpoint", v.path("Mountpoint").asText());
    r.put("Name", v.path("Name").asText());
    r.put("Scope", v.path("Scope").asText());
    r.put("Size", "N/A");
    r.put("Status", "N/A");
    return r;
  }

  @Command(name = "inspect", description = "Display detailed information on one or more volumes")
  static final class Inspect implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-f", "--format"}, paramLabel = "string",
        description = "Format output using a custom template") String format;
    @Parameters(arity = "1..*", paramLabel = "VOLUME") List<String> names;

    @Override
    public Integer call() {
      Api api = BerthCommand.api(spec);
      return ImageInspectCommand.inspect(names, format,
          n -> api.get(Query.path("/volumes/", n).toString()), (n, e) -> e.getMessage());
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove one or more volumes")
  static final class Rm implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-f", "--force"}, description = "Force the removal of one or more volumes")
    boolean force;
    @Parameters(arity = "1..*", paramLabel = "VOLUME") List<String> names;

    @Override
    public Integer call() {
      Api api = BerthCommand.api(spec);
      List<String> errors = new ArrayList<>();
      for (String n : names) {
        try {
          api.call("DELETE", Query.path("/volumes/", n).flag("force", force).toString());
          System.out.println(n);
        } catch (CliException e) {
          errors.add(e.getMessage());
        }
      }
      System.out.flush();
      if (!errors.isEmpty()) {
        throw new CliException(String.join("\n", errors));
      }
      return 0;
    }
  }

  @Command(name = "prune", description = "Remove unused local volumes")
  static final class Prune implements Callable<Integer> {
    static final String WARNING = "WARNING! This will remove anonymous local volumes not used"
        + " by at least one container.\nAre you sure you want to continue?";
    static final String ALL_WARNING = "WARNING! This will remove all local volumes not used by"
        + " at least one container.\nAre you sure you want to continue?";

    @Spec CommandSpec spec;
    @Option(names = {"-a", "--all"}, description = "Remove all unused volumes, not just"
        + " anonymous ones") boolean all;
    @Option(names = "--filter", paramLabel = "filter",
        description = "Provide filter values (e.g. \"label=<label>\")") List<String> filters;
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Override
    public Integer call() {
      Filters f = Filters.parse(filters);
      if (all) {
        f.add("all", "true");
      }
      PrintStream out = System.out;
      if (!force && !ImagePruneCommand.confirm(out, all ? ALL_WARNING : WARNING)) {
        return 0;
      }
      JsonNode report = BerthCommand.api(spec).call("POST",
          f.addTo(Query.path("/volumes/prune")).toString());
      JsonNode deleted = report.path("VolumesDeleted");
      if (!deleted.isEmpty()) {
        StringBuilder b = new StringBuilder("Deleted Volumes:\n");
        deleted.forEach(d -> b.append(d.asText()).append('\n'));
        out.println(b);
      }
      out.println("Total reclaimed space: " + Units.size(report.path("SpaceReclaimed").asLong()));
      return 0;
    }
  }
}
