package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth attach}: inspect (the container must be running), the wait registered, attach
 * hijacked, resize with a tty; exits with the container's code.
 */
@Command(name = "attach",
    description = "Attach local standard input, output, and error streams to a running container")
final class AttachCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--detach-keys", paramLabel = "string", description = "Override the key sequence for detaching a container")
  String detachKeys;

  @Option(names = "--no-stdin", description = "Do not attach STDIN")
  boolean noStdin;

  @Option(names = "--sig-proxy", arity = "0..1", defaultValue = "true", fallbackValue = "true",
      paramLabel = "bool", description = "Proxy all received signals to the process (default true)")
  boolean sigProxy;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Override
  public Integer call() {
    Api api = BerthCommand.api(spec);
    JsonNode c = running(api, container);
    boolean tty = c.path("Config").path("Tty").asBoolean();
    boolean stdin = !noStdin && c.path("Config").path("OpenStdin").asBoolean();
    if (stdin && tty && !Terminal.stdin.getAsBoolean()) {
      throw new CliException("the input device is not a TTY");
    }
    DaemonClient.Streamed wait = Containers.waitFor(api, container, null);
    DaemonClient.Hijacked h = Containers.attach(api, container, stdin, detachKeys);
    if (tty) {
      Containers.resize(api, "/containers/", container);
    }
    if (Containers.pump(h, stdin ? System.in : null, tty, detachKeys)) {
      try {
        wait.close();
      } catch (java.io.IOException e) {
        // detached: the wait no longer matters
      }
      return 0;
    }
    int status = Containers.status(wait);
    if (status != 0) {
      throw CliException.exit(status);
    }
    return 0;
  }

  /** Inspects a container that must be running, with docker's words when it is not. */
  static JsonNode running(Api api, String name) {
    JsonNode c = api.get(Query.path("/containers/", name, "/json").toString());
    JsonNode state = c.path("State");
    if (!state.path("Running").asBoolean()) {
      throw new CliException("You cannot attach to a stopped container, start it first");
    }
    if (state.path("Paused").asBoolean()) {
      throw new CliException("You cannot attach to a paused container, unpause it first");
    }
    if (state.path("Restarting").asBoolean()) {
      throw new CliException("You cannot attach to a restarting container, wait until it is running");
    }
    return c;
  }
}
