package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code berth system prune}: the docker CLI's sequence of prunes — containers, networks,
 * volumes (with {@code --volumes}), images, build cache — each one's report as docker prints
 * it, then the space they reclaimed together.
 */
@Command(name = "prune", description = "Remove unused data")
final class SystemPruneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-a", "--all"}, description = "Remove all unused images not just dangling ones")
  boolean all;

  @Option(names = "--filter", paramLabel = "filter",
      description = "Provide filter values (e.g. \"label=<key>=<value>\")")
  List<String> filters;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
  boolean force;

  @Option(names = "--volumes", description = "Prune anonymous volumes")
  boolean volumes;

  /** docker's warning for these flags. */
  static String warning(boolean all, boolean volumes) {
    StringBuilder b = new StringBuilder("WARNING! This will remove:\n")
        .append("  - all stopped containers\n")
        .append("  - all networks not used by at least one container\n");
    if (volumes) {
      b.append("  - all anonymous volumes not used by at least one container\n");
    }
    b.append(all ? "  - all images without at least one container associated to them\n"
        : "  - all dangling images\n");
    b.append(all ? "  - all build cache\n" : "  - unused build cache\n");
    return b.append("\nAre you sure you want to continue?").toString();
  }

  @Override
  public Integer call() {
    Filters.parse(filters); // docker's error for a malformed filter, before the prompt
    if (volumes && filters != null && filters.stream().anyMatch(f -> f.startsWith("until"))) {
      throw new CliException("ERROR: The \"until\" filter is not supported with \"--volumes\"");
    }
    if (!force && !ImagePruneCommand.confirm(System.out, warning(all, volumes))) {
      return 0;
    }
    Api api = BerthCommand.api(spec);
    long space = 0;
    JsonNode c = api.call("POST", Filters.parse(filters)
        .addTo(Query.path("/containers/prune")).toString());
    print("Deleted Containers:", c.path("ContainersDeleted"));
    space += c.path("SpaceReclaimed").asLong();
    JsonNode n = api.call("POST", Filters.parse(filters)
        .addTo(Query.path("/networks/prune")).toString());
    print("Deleted Networks:", n.path("NetworksDeleted"));
    if (volumes) {
      // volumes take no until filter (docker passes the labels only)
      List<String> labels = filters == null ? List.of()
          : filters.stream().filter(f -> f.startsWith("label")).toList();
      JsonNode v = api.call("POST", Filters.parse(labels)
          .addTo(Query.path("/volumes/prune")).toString());
      print("Deleted Volumes:", v.path("VolumesDeleted"));
      space += v.path("SpaceReclaimed").asLong();
    }
    JsonNode i = api.call("POST", Filters.parse(filters).add("dangling", Boolean.toString(!all))
        .addTo(Query.path("/images/prune")).toString());
    JsonNode deleted = i.path("ImagesDeleted");
    if (!deleted.isEmpty()) {
      StringBuilder b = new StringBuilder("Deleted Images:\n");
      for (JsonNode d : deleted) {
        b.append(d.path("Untagged").asText("").isEmpty()
            ? "deleted: " + d.path("Deleted").asText() : "untagged: " + d.path("Untagged").asText())
            .append('\n');
      }
      System.out.println(b);
    }
    space += i.path("SpaceReclaimed").asLong();
    Query build = Filters.parse(filters).addTo(Query.path("/build/prune"));
    JsonNode cache = api.call("POST", build.flag("all", all).toString());
    print("Deleted build cache objects:", cache.path("CachesDeleted"));
    space += cache.path("SpaceReclaimed").asLong();
    System.out.println("Total reclaimed space: " + Units.size(space));
    return 0;
  }

  private static void print(String title, JsonNode ids) {
    if (ids.isArray() && !ids.isEmpty()) {
      StringBuilder b = new StringBuilder(title).append('\n');
      ids.forEach(id -> b.append(id.asText()).append('\n'));
      System.out.println(b);
    }
  }
}
