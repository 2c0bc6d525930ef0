package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code compose ls}: the projects the engine's containers belong to, with their states. */
@Command(name = "ls", description = "List running compose projects")
final class LsCommand implements Callable<Integer> {
  @ParentCommand ComposeCommand root;

  @Option(names = {"-a", "--all"}, description = "Show all stopped Compose projects")
  boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only display project names.")
  boolean quiet;

  @Option(names = "--format", paramLabel = "string", defaultValue = "table",
      description = "Format the output. Values: [table | json]")
  String format;

  @Override
  public Integer call() {
    Session s = root.session();
    Map<String, Map<String, Integer>> states = new TreeMap<>();
    Map<String, String> files = new LinkedHashMap<>();
    for (JsonNode c : s.engine.containers(true, Labels.PROJECT)) {
      String p = Engine.label(c, Labels.PROJECT);
      states.computeIfAbsent(p, k -> new TreeMap<>()).merge(c.path("State").asText(), 1,
          Integer::sum);
      files.putIfAbsent(p, Engine.label(c, Labels.CONFIG_FILES));
    }
    var json = JsonNodeFactory.instance.arrayNode();
    Table t = new Table("NAME", "STATUS", "CONFIG FILES");
    for (var e : states.entrySet()) {
      if (!all && !e.getValue().containsKey("running")) {
        continue;
      }
      String status = String.join(", ", e.getValue().entrySet().stream()
          .map(x -> x.getKey() + "(" + x.getValue() + ")").toList());
      if (quiet) {
        s.out.println(e.getKey());
      }
      t.add(e.getKey(), status, files.get(e.getKey()));
      json.addObject().put("Name", e.getKey()).put("Status", status)
          .put("ConfigFiles", files.get(e.getKey()));
    }
    if (!quiet) {
      if (format.equals("json")) {
        s.out.println(json.toString());
      } else {
        t.print(s.out);
      }
    }
    return 0;
  }
}
