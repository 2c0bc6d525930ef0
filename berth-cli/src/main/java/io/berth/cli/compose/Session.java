package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.CliException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One compose command's view of the world: the project (loaded on first use) and the engine.
 * Commands that only need the project's name ({@code down}, {@code ps}, {@code logs} with
 * {@code -p} and no file) get it from {@code -p} when no compose file is found, and then find
 * everything by label, as Compose v2 does.
 */
final class Session {
  final ComposeCommand root;
  final Engine engine;
  final PrintStream out = System.out;
  final PrintStream err = System.err;
  private Project project;

  Session(ComposeCommand root, Engine engine) {
    this.root = root;
    this.engine = engine;
  }

  Project project() {
    if (project == null) {
      project = ProjectLoader.load(root.options());
    }
    return project;
  }

  /** The project name: from the files when there are some, else {@code -p}. */
  String name() {
    try {
      return project().name();
    } catch (CliException e) {
      if (root.projectName != null && root.files.isEmpty()
          && e.getMessage().startsWith("no configuration file provided")) {
        return ProjectLoader.normalise(root.projectName);
      }
      throw e;
    }
  }

  /** The project's service containers of {@code services} (all when empty). */
  List<JsonNode> containers(Collection<String> services, boolean all) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode c : engine.containers(name(), all)) {
      if (services.isEmpty() || services.contains(Engine.label(c, Labels.SERVICE))) {
        out.add(c);
      }
    }
    return out;
  }

  /** A progress line as Compose prints it: " ✔ Container p-web-1  Started". */
  void progress(String kind, String name, String state) {
    err.println(" \u2714 " + kind + " " + name + "  " + state);
    err.flush();
  }

  /** The container of {@code service} with number {@code index}, running or not. */
  JsonNode container(String service, int index) {
    for (JsonNode c : containers(List.of(service), true)) {
      if (Engine.number(c) == index) {
        return c;
      }
    }
    throw new CliException("service \"" + service + "\" is not running");
  }
}
