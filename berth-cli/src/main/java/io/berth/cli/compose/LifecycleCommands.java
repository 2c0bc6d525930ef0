package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** start, stop, restart, kill, pause, unpause, rm and wait on the services' containers. */
final class LifecycleCommands {
  private LifecycleCommands() {}

  abstract static class OnServices implements Callable<Integer> {
    @ParentCommand ComposeCommand root;

    @Parameters(paramLabel = "SERVICE", arity = "0..*")
    List<String> services = new ArrayList<>();

    /** The containers, dependents first when {@code reverse}, by service order otherwise. */
    List<JsonNode> containers(Session s, boolean all, boolean reverse) {
      List<JsonNode> cs = new ArrayList<>(s.containers(services, all));
      try {
        Project p = s.project();
        List<String> order = p.order(p.allServices().keySet());
        cs.sort(java.util.Comparator.comparingInt((JsonNode c) ->
            order.indexOf(Engine.label(c, Labels.SERVICE))).thenComparingInt(Engine::number));
      } catch (CliException e) {
        // no file: the label order
      }
      return reverse ? cs.reversed() : cs;
    }
  }

  @Command(name = "start", description = "Start services")
  static final class Start extends OnServices {
    @Override
    public Integer call() {
      Session s = root.session();
      for (JsonNode c : containers(s, true, false)) {
        if (!c.path("State").asText().equals("running")) {
          s.engine.start(c.path("Id").asText());
          s.progress("Container", Engine.name(c), "Started");
        }
      }
      return 0;
    }
  }

  @Command(name = "stop", description = "Stop services")
  static final class Stop extends OnServices {
    @Option(names = {"-t", "--timeout"}, paramLabel = "int", description = "Specify a shutdown timeout in seconds")
    Integer timeout;

    @Override
    public Integer call() {
      Session s = root.session();
      for (JsonNode c : containers(s, false, true)) {
        s.engine.stop(c.path("Id").asText(), timeout);
        s.progress("Container", Engine.name(c), "Stopped");
      }
      return 0;
    }
  }

  @Command(name = "restart", description = "Restart service containers")
  static final class Restart extends OnServices {
    @Option(names = {"-t", "--timeout"}, paramLabel = "int", description = "Specify a shutdown timeout in seconds")
    Integer timeout;

    @Option(names = "--no-deps", description = "Don't restart dependent services")
    boolean noDeps;

    @Override
    public Integer call() {
      Session s = root.session();
      for (JsonNode c : containers(s, true, false)) {
        s.engine.call("POST", "/containers/" + c.path("Id").asText() + "/restart"
            + (timeout == null ? "" : "?t=" + timeout));
        s.progress("Container", Engine.name(c), "Started");
      }
      return 0;
    }
  }

  @Command(name = "kill", description = "Force stop service containers")
  static final class Kill extends OnServices {
    @Option(names = {"-s", "--signal"}, paramLabel = "string", defaultValue = "SIGKILL",
        description = "SIGNAL to send to the container")
    String signal;

    @Option(names = "--remove-orphans", description = "Remove containers for services not defined in the Compose file")
    boolean removeOrphans;

    @Override
    public Integer call() {
      Session s = root.session();
      for (JsonNode c : containers(s, false, true)) {
        s.engine.call("POST", "/containers/" + c.path("Id").asText() + "/kill?signal="
            + Engine.q(signal));
        s.progress("Container", Engine.name(c), "Killed");
      }
      return 0;
    }
  }

  @Command(name = "pause", description = "Pause services")
  static final class Pause extends OnServices {
    @Override
    public Integer call() {
      Session s = root.session();
      for (JsonNode c : containers(s, false, false)) {
        s.engine.call("POST", "/containers/" + c.path("Id").asText() + "/pause");
        s.progress("Container", Engine.name(c), "Paused");
      }
      return 0;
    }
  }

  @Command(name = "unpause", description = "Unpause services")
  static final class Unpause extends OnServices {
    @Override
    public Integer call() {
      Session s = root.session();
      for (JsonNode c : containers(s, false, false)) {
        if (c.path("State").asText().equals("paused")) {
          s.engine.call("POST", "/containers/" + c.path("Id").asText() + "/unpause");
          s.progress("Container", Engine.name(c), "Unpaused");
        }
      }
      return 0;
    }
  }

  @Command(name = "rm", description = "Removes stopped service containers")
  static final class Rm extends OnServices {
    @Option(names = {"-f", "--force"}, description = "Don't ask to confirm removal")
    boolean force;

    @Option(names = {"-s", "--stop"}, description = "Stop the containers, if required, before removing")
    boolean stop;

    @Option(names = {"-v", "--volumes"}, description = "Remove any anonymous volumes attached to containers")
    boolean volumes;

    @Override
    public Integer call() {
      Session s = root.session();
      List<JsonNode> gone = new ArrayList<>();
      for (JsonNode c : containers(s, true, true)) {
        String state = c.path("State").asText();
        if (state.equals("running") || state.equals("paused")) {
          if (!stop) {
            continue;
          }
          s.engine.stop(c.path("Id").asText(), null);
          s.progress("Container", Engine.name(c), "Stopped");
        }
        gone.add(c);
      }
      if (gone.isEmpty()) {
        s.err.println("No stopped containers");
        return 0;
      }
      if (!force && System.console() != null) {
        s.out.print("Going to remove " + String.join(", ", gone.stream().map(Engine::name)
            .toList()) + "\n? Are you sure? [yN] ");
        s.out.flush();
        String answer = System.console().readLine();
        if (answer == null || !answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
          return 0;
        }
      }
      for (JsonNode c : gone) {
        s.engine.remove(c.path("Id").asText(), volumes, true);
        s.progress("Container", Engine.name(c), "Removed");
      }
      return 0;
    }
  }

  /** {@code compose wait}: blocks until the services' containers stop; their exit code. */
  @Command(name = "wait", description = "Block until containers of all (or specified) services stop.")
  static final class Wait extends OnServices {
    @Option(names = "--down-project", description = "Drops project when the first container stops")
    boolean downProject;

    @Override
    public Integer call() {
      Session s = root.session();
      int code = 0;
      boolean first = true;
      for (JsonNode c : containers(s, true, false)) {
        JsonNode r = s.engine.call("POST", "/containers/" + c.path("Id").asText() + "/wait");
        int exit = r.path("StatusCode").asInt();
        s.out.println(Engine.name(c) + " exited with code " + exit);
        if (first) {
          code = exit;
          first = false;
        }
        if (downProject) {
          DownCommand down = new DownCommand();
          down.root = root;
          down.call();
          break;
        }
      }
      return code;
    }
  }
}
