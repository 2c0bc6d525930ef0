package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.Delegate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compose exec SERVICE COMMAND}: {@code berth exec} on the service's container number
 * {@code --index} (1). A pseudo-TTY unless {@code -T} or stdin is not a terminal; stdin always
 * attached, as Compose.
 */
@Command(name = "exec", description = "Execute a command in a running container")
final class ExecCommand implements Callable<Integer> {
  @ParentCommand ComposeCommand root;

  @Option(names = {"-d", "--detach"}, description = "Detached mode: Run command in the background")
  boolean detach;

  @Option(names = {"-e", "--env"}, paramLabel = "stringArray", description = "Set environment variables")
  List<String> env = new ArrayList<>();

  @Option(names = "--index", paramLabel = "int", defaultValue = "1",
      description = "Index of the container if service has multiple replicas")
  int index;

  @Option(names = {"-T", "--no-TTY"}, description = "Disable pseudo-TTY allocation")
  boolean noTty;

  @Option(names = "--privileged", description = "Give extended privileges to the process")
  boolean privileged;

  @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Run the command as this user")
  String user;

  @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Path to workdir directory for this command")
  String workdir;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "1..*")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    Session s = root.session();
    JsonNode c = s.container(service, index);
    List<String> args = new ArrayList<>(List.of("exec"));
    if (detach) {
      args.add("-d");
    } else {
      args.add("-i");
      if (!noTty && System.console() != null) {
        args.add("-t");
      }
    }
    env.forEach(e -> args.addAll(List.of("-e", e)));
    if (privileged) {
      args.add("--privileged");
    }
    if (user != null) {
      args.addAll(List.of("-u", user));
    }
    if (workdir != null) {
      args.addAll(List.of("-w", workdir));
    }
    args.add(c.path("Id").asText());
    args.addAll(command);
    return Delegate.run(root.host(), args);
  }
}
