package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth commit}: {@code POST /commit}, printing the new image's ID as docker does. */
@Command(name = "commit", description = "Create a new image from a container's changes")
final class CommitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-a", "--author"}, paramLabel = "string",
      description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
  String author;

  @Option(names = {"-c", "--change"}, paramLabel = "list",
      description = "Apply Dockerfile instruction to the created image")
  List<String> changes = new ArrayList<>();

  @Option(names = {"-m", "--message"}, paramLabel = "string", description = "Commit message")
  String message;

  @Option(names = {"-p", "--pause"}, negatable = true, defaultValue = "true",
      description = "Pause container during commit (default true)")
  boolean pause;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
  String reference;

  @Override
  public Integer call() {
    Query q = Query.path("/commit").add("container", container);
    if (reference != null) {
      ImageName n = ImageName.parse(reference);
      q.add("repo", n.repository());
      if (n.tag() != null) {
        q.add("tag", n.tag());
      }
    }
    changes.forEach(c -> q.add("changes", c));
    if (message != null) {
      q.add("comment", message);
    }
    if (author != null) {
      q.add("author", author);
    }
    q.add("pause", pause ? "1" : "0");
    JsonNode r = BerthCommand.api(spec).post(q.toString(), Json.MAPPER.createObjectNode());
    System.out.println(r.path("Id").asText());
    return 0;
  }
}
