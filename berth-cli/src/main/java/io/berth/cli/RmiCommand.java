package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth rmi} / {@code berth image rm}: {@code DELETE /images/{name}} for each name;
 * failures are reported together at the end, as docker does.
 */
@Command(name = "rmi", description = "Remove one or more images")
final class RmiCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--force"}, description = "Force removal of the image")
  boolean force;

  @Option(names = "--no-prune", description = "Do not delete untagged parents")
  boolean noPrune;

  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> images;

  @Override
  public Integer call() {
    Api api = BerthCommand.api(spec);
    List<String> errors = new ArrayList<>();
    for (String image : images) {
      JsonNode deleted;
      try {
        deleted = api.call("DELETE", Query.path("/images/", image)
            .flag("force", force).flag("noprune", noPrune).toString());
      } catch (CliException e) {
        errors.add(e.getMessage());
        continue;
      }
      for (JsonNode d : deleted) {
        System.out.println(d.path("Deleted").asText("").isEmpty()
            ? "Untagged: " + d.path("Untagged").asText() : "Deleted: " + d.path("Deleted").asText());
      }
    }
    System.out.flush();
    if (!errors.isEmpty()) {
      throw new CliException(String.join("\n", errors));
    }
    return 0;
  }
}
