package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth image prune}: {@code POST /images/prune?filters={"dangling":{...}}}. */
@Command(name = "prune", description = "Remove unused images")
final class ImagePruneCommand implements Callable<Integer> {
  static final String DANGLING_WARNING = "WARNING! This will remove all dangling images.\n"
      + "Are you sure you want to continue?";
  static final String ALL_WARNING = "WARNING! This will remove all images without at least one "
      + "container associated to them.\nAre you sure you want to continue?";

  @Spec CommandSpec spec;

  @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones")
  boolean all;

  @Option(names = "--filter", paramLabel = "filter",
      description = "Provide filter values (e.g. \"until=<timestamp>\")")
  List<String> filters;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
  boolean force;

  @Override
  public Integer call() {
    Filters f = Filters.parse(filters).add("dangling", Boolean.toString(!all));
    PrintStream out = System.out;
    if (!force && !confirm(out, all ? ALL_WARNING : DANGLING_WARNING)) {
      return 0;
    }
    JsonNode report = BerthCommand.api(spec).call("POST",
        f.addTo(Query.path("/images/prune")).toString());
    JsonNode deleted = report.path("ImagesDeleted");
    if (!deleted.isEmpty()) {
      StringBuilder b = new StringBuilder("Deleted Images:\n");
      for (JsonNode d : deleted) {
        b.append(d.path("Untagged").asText("").isEmpty()
            ? "deleted: " + d.path("Deleted").asText() : "untagged: " + d.path("Untagged").asText())
            .append('\n');
      }
      out.println(b);
    }
    out.println("Total reclaimed space: " + Units.size(report.path("SpaceReclaimed").asLong()));
    return 0;
  }

  /** docker's PromptForConfirmation: "y" or "Y" goes on, anything else stops. */
  static boolean confirm(PrintStream out, String message) {
    out.print(message + " [y/N] ");
    out.flush();
    try {
      String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
          .readLine();
      return answer != null && answer.trim().equalsIgnoreCase("y");
    } catch (IOException e) {
      return false;
    }
  }
}
