package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code compose ps}: the project's containers, as a table, JSON lines or a template. */
@Command(name = "ps", description = "List containers")
final class PsCommand implements Callable<Integer> {
  @ParentCommand ComposeCommand root;

  @Option(names = {"-a", "--all"}, description = "Show all stopped containers")
  boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only display IDs")
  boolean quiet;

  @Option(names = "--services", description = "Display services")
  boolean servicesOnly;

  @Option(names = "--format", paramLabel = "string", defaultValue = "table",
      description = "Format the output. Values: [table | json]")
  String format;

  @Option(names = "--status", paramLabel = "stringArray", description = "Filter services by status")
  List<String> status = new ArrayList<>();

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  @Parameters(paramLabel = "SERVICE", arity = "0..*")
  List<String> services = new ArrayList<>();

  @Override
  public Integer call() {
    Session s = root.session();
    List<JsonNode> cs = new ArrayList<>();
    for (JsonNode c : s.containers(services, all || !status.isEmpty())) {
      if (status.isEmpty() || status.contains(c.path("State").asText())) {
        cs.add(c);
      }
    }
    if (quiet) {
      cs.forEach(c -> s.out.println(c.path("Id").asText()));
      return 0;
    }
    if (servicesOnly) {
      Set<String> names = new LinkedHashSet<>();
      cs.forEach(c -> names.add(Engine.label(c, Labels.SERVICE)));
      names.forEach(s.out::println);
      return 0;
    }
    List<ObjectNode> rows = cs.stream().map(PsCommand::row).toList();
    if (format.equals("json")) {
      rows.forEach(r -> s.out.println(r.toString()));
    } else if (format.equals("table")) {
      Table t = new Table("NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS");
      for (ObjectNode r : rows) {
        String cmd = r.path("Command").asText();
        if (!noTrunc && cmd.length() > 22) {
          cmd = cmd.substring(0, 19) + "…\"";
        }
        t.add(r.path("Name").asText(), r.path("Image").asText(), cmd, r.path("Service").asText(),
            r.path("RunningFor").asText(), r.path("Status").asText(), r.path("Ports").asText());
      }
      t.print(s.out);
    } else {
      rows.forEach(r -> s.out.println(Table.template(format, r)));
    }
    return 0;
  }

  /** One container as Compose v2's {@code ps --format json} prints it. */
  static ObjectNode row(JsonNode c) {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    String statusText = c.path("Status").asText();
    String health = statusText.contains("(healthy)") ? "healthy"
        : statusText.contains("(unhealthy)") ? "unhealthy"
        : statusText.contains("(health: starting)") ? "starting" : "";
    long created = c.path("Created").asLong();
    r.put("Command", "\"" + c.path("Command").asText() + "\"");
    r.put("CreatedAt", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'")
        .format(Instant.ofEpochSecond(created).atOffset(ZoneOffset.UTC)).replace("+0000", "+0000"));
    r.put("ExitCode", exitCode(statusText));
    r.put("Health", health);
    r.put("ID", c.path("Id").asText());
    r.put("Image", c.path("Image").asText());
    r.put("Labels", c.path("Labels").properties().stream()
        .map(e -> e.getKey() + "=" + e.getValue().asText()).collect(Collectors.joining(",")));
    r.put("Name", Engine.name(c));
    r.put("Names", Engine.name(c));
    r.put("Networks", c.path("NetworkSettings").path("Networks").properties().stream()
        .map(java.util.Map.Entry::getKey).collect(Collectors.joining(",")));
    r.put("Project", Engine.label(c, Labels.PROJECT));
    var publishers = r.putArray("Publishers");
    List<String> ports = new ArrayList<>();
    for (JsonNode p : c.path("Ports")) {
      String ip = p.path("IP").asText("");
      int pub = p.path("PublicPort").asInt(0);
      publishers.addObject().put("URL", ip).put("TargetPort", p.path("PrivatePort").asInt())
          .put("PublishedPort", pub).put("Protocol", p.path("Type").asText("tcp"));
      ports.add(pub > 0 ? ip + ":" + pub + "->" + p.path("PrivatePort").asInt() + "/"
          + p.path("Type").asText("tcp") : p.path("PrivatePort").asInt() + "/"
          + p.path("Type").asText("tcp"));
    }
    r.put("Ports", String.join(", ", new LinkedHashSet<>(ports)));
    r.put("RunningFor", Times.ago(created));
    r.put("Service", Engine.label(c, Labels.SERVICE));
    r.put("State", c.path("State").asText());
    r.put("Status", statusText);
    return r;
  }

  private static int exitCode(String status) {
    int open = status.indexOf("Exited (");
    if (open < 0) {
      return 0;
    }
    int close = status.indexOf(')', open);
    try {
      return Integer.parseInt(status.substring(open + 8, close));
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
