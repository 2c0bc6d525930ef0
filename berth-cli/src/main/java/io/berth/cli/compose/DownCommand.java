package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.CliException;
import io.berth.common.Messages;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compose down}: the project's containers stopped and removed (dependents first), then
 * its networks; {@code -v} also its named volumes and containers' anonymous ones,
 * {@code --rmi} its images. All found by the project label, so a project whose file is gone,
 * or one docker-compose 1.29 made, goes down too.
 */
@Command(name = "down", description = "Stop and remove containers, networks")
final class DownCommand implements Callable<Integer> {
  @ParentCommand ComposeCommand root;

  @Option(names = {"-v", "--volumes"},
      description = "Remove named volumes declared in the \"volumes\" section of the Compose file"
          + " and anonymous volumes attached to containers")
  boolean volumes;

  @Option(names = "--rmi", paramLabel = "string",
      description = "Remove images used by services. \"local\" remove only images that don't"
          + " have a custom tag (\"local\"|\"all\")")
  String rmi;

  @Option(names = "--remove-orphans",
      description = "Remove containers for services not defined in the Compose file")
  boolean removeOrphans;

  @Option(names = {"-t", "--timeout"}, paramLabel = "int",
      description = "Specify a shutdown timeout in seconds")
  Integer timeout;

  @Override
  public Integer call() {
    Session s = root.session();
    String name = s.name();
    Project p = null;
    try {
      p = s.project();
    } catch (CliException e) {
      // no file: everything with the project's label goes
    }
    List<JsonNode> all = s.engine.containers(true, Labels.PROJECT + "=" + name);
    List<JsonNode> ordered = new ArrayList<>(all);
    if (p != null) {
      List<String> order = p.order(p.allServices().keySet());
      ordered.sort(java.util.Comparator.comparingInt((JsonNode c) ->
          -order.indexOf(Engine.label(c, Labels.SERVICE))));
    }
    Set<String> images = new LinkedHashSet<>();
    for (JsonNode c : ordered) {
      String service = Engine.label(c, Labels.SERVICE);
      boolean orphan = p != null && !p.allServices().containsKey(service);
      if (orphan && !removeOrphans && Engine.label(c, Labels.ONEOFF).equals("False")) {
        s.err.println("WARN[0000] Found orphan containers ([" + Engine.name(c) + "]) for this"
            + " project. If you removed or renamed this service in your compose file, you can"
            + " run this command with the --remove-orphans flag to clean it up.");
        continue;
      }
      String id = c.path("Id").asText();
      if (c.path("State").asText().equals("running") || c.path("State").asText().equals("paused")) {
        s.engine.stop(id, timeout);
        s.progress("Container", Engine.name(c), "Stopped");
      }
      s.engine.remove(id, volumes, true);
      s.progress("Container", Engine.name(c), "Removed");
      if ("all".equals(rmi)) { // "local": only the services' built images, below
        images.add(c.path("Image").asText());
      }
    }
    Resources.removeNetworks(s, name);
    if (volumes) {
      Resources.removeVolumes(s, name);
    }
    if (rmi != null) {
      if (p != null) {
        for (String service : p.allServices().keySet()) {
          if (rmi.equals("all") || !p.service(service).has("image")) {
            images.add(p.image(service));
          }
        }
      }
      for (String image : images) {
        try {
          s.engine.call("DELETE", "/images/" + image);
          s.progress("Image", image, "Removed");
        } catch (CliException e) {
          if (!e.notFound()) {
            s.err.println(" ! Image " + image + "  " + Messages.of(e));
          }
        }
      }
    }
    return 0;
  }
}
