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
 * stop, kill, restart, rm and wait: one call per container named, in order. As docker's, each
 * success prints the name given (wait: the exit code), errors are gathered and printed at the
 * end, one per line, with exit 1.
 */
final class LifecycleCommands {
  private LifecycleCommands() {}

  /** What to do with one container; returns what to print, or null to print nothing. */
  interface Step {
    String apply(Api api, String name);
  }

  static int each(CommandSpec spec, List<String> names, Step step) {
    Api api = BerthCommand.api(spec);
    List<String> errors = new ArrayList<>();
    for (String n : names) {
      try {
        String out = step.apply(api, n);
        if (out != null) {
          System.out.println(out);
        }
      } catch (CliException e) {
        errors.add(e.getMessage());
      }
    }
    System.out.flush();
    if (!errors.isEmpty()) {
      throw new CliException(String.join("\n", errors));
    }
    return 0;
  }

  /** stop and restart: a signal, a grace period, then SIGKILL — the same flags and query. */
  abstract static class GracefulAction implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-s", "--signal"}, paramLabel = "string", description = "Signal to send to the container")
    String signal;
    @Option(names = {"-t", "--timeout", "--time"}, paramLabel = "int", description = "Seconds to wait before killing the container")
    Integer time;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    /** The path's last segment: {@code stop} or {@code restart}. */
    abstract String action();

    @Override
    public Integer call() {
      return each(spec, names, (api, n) -> {
        api.call("POST", timed(Query.path("/containers/", n, "/" + action()), signal, time));
        return n;
      });
    }
  }

  @Command(name = "stop", description = "Stop one or more running containers")
  static final class Stop extends GracefulAction {
    @Override
    String action() {
      return "stop";
    }
  }

  @Command(name = "restart", description = "Restart one or more containers")
  static final class Restart extends GracefulAction {
    @Override
    String action() {
      return "restart";
    }
  }

  /** docker's query order (url.Values sorts keys): signal, then t. */
  private static String timed(Query q, String signal, Integer time) {
    if (signal != null && !signal.isEmpty()) {
      q.add("signal", signal);
    }
    if (time != null) {
      q.add("t", time.toString());
    }
    return q.toString();
  }

  @Command(name = "kill", description = "Kill one or more running containers")
  static final class Kill implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-s", "--signal"}, paramLabel = "string", description = "Signal to send to the container")
    String signal;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    public Integer call() {
      return each(spec, names, (api, n) -> {
        api.call("POST", timed(Query.path("/containers/", n, "/kill"), signal, null));
        return n;
      });
    }
  }

  @Command(name = "rm", description = "Remove one or more containers")
  static final class Rm implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL)")
    boolean force;
    @Option(names = {"-l", "--link"}, description = "Remove the specified link")
    boolean link;
    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container")
    boolean volumes;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    public Integer call() {
      return each(spec, names, (api, n) -> {
        String id = n.replaceAll("^/+|/+$", "");
        if (id.isEmpty()) {
          throw new CliException("Container name cannot be empty");
        }
        try {
          api.call("DELETE", Query.path("/containers/", id).flag("force", force)
              .flag("link", link).flag("v", volumes).toString());
        } catch (CliException e) {
          if (force && e.notFound()) {
            // docker rm -f: a container already gone is said, not failed
            System.err.println(e.getMessage());
            return null;
          }
          throw e;
        }
        return n;
      });
    }
  }

  @Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes")
  static final class Wait implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    public Integer call() {
      return each(spec, names, (api, n) -> {
        JsonNode r = api.call("POST", Query.path("/containers/", n, "/wait").toString());
        String error = r.path("Error").path("Message").asText("");
        if (!error.isEmpty()) {
          throw new CliException(error);
        }
        return Integer.toString(r.path("StatusCode").asInt());
      });
    }
  }
}
