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
 * {@code berth start}: without -a/-i, starts each container and prints its name; with them,
 * one container: attach, wait, start, copy the streams, exit with its code.
 */
@Command(name = "start", description = "Start one or more stopped containers")
final class StartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals")
  boolean attach;

  @Option(names = "--detach-keys", paramLabel = "string", description = "Override the key sequence for detaching a container")
  String detachKeys;

  @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN")
  boolean interactive;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> names;

  @Override
  public Integer call() {
    Api api = BerthCommand.api(spec);
    if (attach || interactive) {
      if (names.size() > 1) {
        throw new CliException("you cannot start and attach multiple containers at once");
      }
      return attached(api, names.getFirst());
    }
    List<String> failed = new ArrayList<>();
    for (String n : names) {
      try {
        api.call("POST", Query.path("/containers/", n, "/start").toString());
        System.out.println(n);
      } catch (CliException e) {
        System.out.flush();
        System.err.println(e.getMessage());
        failed.add(n);
      }
    }
    System.out.flush();
    if (!failed.isEmpty()) {
      throw new CliException("Error: failed to start containers: " + String.join(", ", failed));
    }
    return 0;
  }

  private int attached(Api api, String name) {
    JsonNode c = api.get(Query.path("/containers/", name, "/json").toString());
    String id = c.path("Id").asText(name);
    boolean tty = c.path("Config").path("Tty").asBoolean();
    boolean stdin = interactive && c.path("Config").path("OpenStdin").asBoolean();
    if (stdin && tty && !Terminal.stdin.getAsBoolean()) {
      throw new CliException("the input device is not a TTY");
    }
    DaemonClient.Hijacked h = Containers.attach(api, id, stdin, detachKeys);
    DaemonClient.Streamed wait;
    try {
      wait = Containers.waitFor(api, id,
          c.path("HostConfig").path("AutoRemove").asBoolean() ? "removed" : "next-exit");
      api.call("POST", Query.path("/containers/", id, "/start").toString());
    } catch (CliException e) {
      h.close();
      throw e;
    }
    if (tty) {
      Containers.resize(api, "/containers/", id);
    }
    if (Containers.pump(h, stdin ? System.in : null, tty, detachKeys)) {
      return 0;
    }
    int status = Containers.status(wait);
    if (status != 0) {
      throw CliException.exit(status);
    }
    return 0;
  }
}
