package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.CliException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compose up}: converge ({@link Convergence}), then either return ({@code -d},
 * {@code --wait}) or print the containers' output with their prefixes until they all stop;
 * Ctrl+C stops them, as Compose does.
 */
@Command(name = "up", description = "Create and start containers")
final class UpCommand implements Callable<Integer> {
  @ParentCommand ComposeCommand root;

  @Option(names = {"-d", "--detach"}, description = "Detached mode: Run containers in the background")
  boolean detach;

  @Option(names = "--build", description = "Build images before starting containers")
  boolean build;

  @Option(names = "--no-build", description = "Don't build an image, even if it's policy")
  boolean noBuild;

  @Option(names = "--force-recreate",
      description = "Recreate containers even if their configuration and image haven't changed")
  boolean forceRecreate;

  @Option(names = "--no-recreate",
      description = "If containers already exist, don't recreate them")
  boolean noRecreate;

  @Option(names = "--no-deps", description = "Don't start linked services")
  boolean noDeps;

  @Option(names = "--no-start", description = "Don't start the services after creating them")
  boolean noStart;

  @Option(names = "--scale", paramLabel = "scale",
      description = "Scale SERVICE to NUM instances. Overrides the scale setting in the Compose"
          + " file if present.")
  List<String> scale = new ArrayList<>();

  @Option(names = "--wait", description = "Wait for services to be running|healthy. Implies detached mode.")
  boolean await;

  @Option(names = "--wait-timeout", paramLabel = "int",
      description = "Maximum duration in seconds to wait for the project to be running|healthy")
  Integer waitTimeout;

  @Option(names = "--remove-orphans",
      description = "Remove containers for services not defined in the Compose file")
  boolean removeOrphans;

  @Option(names = {"-t", "--timeout"}, paramLabel = "int",
      description = "Use this timeout in seconds for container shutdown")
  Integer timeout;

  @Option(names = "--no-color", description = "Produce monochrome output")
  boolean noColor;

  @Option(names = "--no-log-prefix", description = "Don't print prefix in logs")
  boolean noPrefix;

  @Option(names = "--quiet-pull", description = "Pull without printing progress information")
  boolean quietPull;

  @Option(names = "--abort-on-container-exit",
      description = "Stops all containers if any container was stopped")
  boolean abortOnExit;

  @Parameters(paramLabel = "SERVICE", arity = "0..*")
  List<String> services = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Session s = root.session();
    Project p = s.project();
    Map<String, Integer> scales = new LinkedHashMap<>();
    for (String sc : scale) {
      int eq = sc.indexOf('=');
      if (eq < 0) {
        throw new CliException("invalid --scale value " + sc + ": want SERVICE=NUM");
      }
      scales.put(sc.substring(0, eq), Integer.parseInt(sc.substring(eq + 1)));
    }
    long started = Instant.now().getEpochSecond();
    List<String> selection = p.selection(services, noDeps);
    List<String> ids = new Convergence(s, new Convergence.Options(forceRecreate, noRecreate,
        build, noBuild, scales, removeOrphans, noStart, timeout, quietPull)).up(selection);
    if (await) {
      Waiting.untilReady(s, ids, waitTimeout);
      return 0;
    }
    if (detach || noStart) {
      return 0;
    }
    List<JsonNode> cs = new ArrayList<>();
    for (String id : ids) {
      JsonNode c = s.engine.inspect(id);
      cs.add(c);
    }
    AtomicBoolean stopping = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      stopping.set(true);
      s.err.println("Gracefully stopping... (press Ctrl+C again to force)");
      stopAll(s, ids);
    });
    Runtime.getRuntime().addShutdownHook(hook);
    s.out.println("Attaching to " + String.join(", ", cs.stream().map(LogPrinter::shortName)
        .toList()));
    LogPrinter printer = new LogPrinter(s, cs, !noColor && root.colour(), !noPrefix);
    printer.print(cs, "stdout=1&stderr=1&follow=1&since=" + (started - 1), c -> {
      if (stopping.get()) {
        return;
      }
      int code = s.engine.inspect(c.path("Id").asText()).path("State").path("ExitCode").asInt();
      synchronized (s.out) {
        s.out.println(LogPrinter.shortName(c) + " exited with code " + code);
      }
      if (abortOnExit) {
        stopAll(s, ids);
      }
    });
    if (!stopping.get()) {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return 0;
  }

  private void stopAll(Session s, List<String> ids) {
    for (String id : ids.reversed()) {
      try {
        s.engine.stop(id, timeout);
      } catch (CliException e) {
        // already gone
      }
    }
  }
}
