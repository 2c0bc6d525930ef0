package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code compose logs}: the services' containers' logs, prefixed by container. */
@Command(name = "logs", description = "View output from containers")
final class LogsCommand implements Callable<Integer> {
  @ParentCommand ComposeCommand root;

  @Option(names = {"-f", "--follow"}, description = "Follow log output")
  boolean follow;

  @Option(names = {"-n", "--tail"}, paramLabel = "string", defaultValue = "all",
      description = "Number of lines to show from the end of the logs for each container")
  String tail;

  @Option(names = "--since", paramLabel = "string",
      description = "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m)")
  String since;

  @Option(names = "--until", paramLabel = "string", description = "Show logs before a timestamp")
  String until;

  @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
  boolean timestamps;

  @Option(names = "--no-color", description = "Produce monochrome output")
  boolean noColor;

  @Option(names = "--no-log-prefix", description = "Don't print prefix in logs")
  boolean noPrefix;

  @Option(names = "--index", paramLabel = "int", description = "index of the container")
  Integer index;

  @Parameters(paramLabel = "SERVICE", arity = "0..*")
  List<String> services = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Session s = root.session();
    List<JsonNode> cs = new ArrayList<>();
    for (JsonNode c : s.containers(services, true)) {
      if (index == null || Engine.number(c) == index) {
        cs.add(c);
      }
    }
    StringBuilder q = new StringBuilder("stdout=1&stderr=1&follow=" + (follow ? 1 : 0)
        + "&timestamps=" + (timestamps ? 1 : 0) + "&tail=" + Engine.q(tail));
    if (since != null) {
      q.append("&since=").append(Engine.q(Times.unix(since)));
    }
    if (until != null) {
      q.append("&until=").append(Engine.q(Times.unix(until)));
    }
    new LogPrinter(s, cs, !noColor && root.colour(), !noPrefix).print(cs, q.toString());
    return 0;
  }
}
