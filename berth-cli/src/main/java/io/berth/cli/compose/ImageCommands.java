package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.CliException;
import io.berth.cli.DaemonClient;
import io.berth.common.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** build, pull, push and images: the services' images. */
final class ImageCommands {
  private ImageCommands() {}

  @Command(name = "build", description = "Build or rebuild services")
  static final class Build implements Callable<Integer> {
    @ParentCommand ComposeCommand root;

    @Option(names = "--no-cache", description = "Do not use cache when building the image")
    boolean noCache;

    @Option(names = "--pull", description = "Always attempt to pull a newer version of the image")
    boolean pull;

    @Option(names = {"-q", "--quiet"}, description = "Don't print anything to STDOUT")
    boolean quiet;

    @Option(names = "--build-arg", paramLabel = "stringArray", description = "Set build-time variables for services")
    List<String> buildArgs = new ArrayList<>();

    @Parameters(paramLabel = "SERVICE", arity = "0..*")
    List<String> services = new ArrayList<>();

    @Override
    public Integer call() {
      Session s = root.session();
      Project p = s.project();
      for (String service : services.isEmpty() ? p.services().keySet() : services) {
        var def = p.service(service);
        if (!def.has("build")) {
          continue;
        }
        var args = def.path("build").get("args") instanceof com.fasterxml.jackson.databind.node.ObjectNode a
            ? a : ((com.fasterxml.jackson.databind.node.ObjectNode) def.get("build")).putObject("args");
        for (String ba : buildArgs) {
          int eq = ba.indexOf('=');
          if (eq < 0) {
            args.putNull(ba);
          } else {
            args.put(ba.substring(0, eq), ba.substring(eq + 1));
          }
        }
        Builds.build(s, p, service, noCache, pull, quiet);
      }
      return 0;
    }
  }

  @Command(name = "pull", description = "Pull service images")
  static final class Pull implements Callable<Integer> {
    @ParentCommand ComposeCommand root;

    @Option(names = "--ignore-pull-failures", description = "Pull what it can and ignores images with pull failures")
    boolean ignoreFailures;

    @Option(names = {"-q", "--quiet"}, description = "Pull without printing progress information")
    boolean quiet;

    @Option(names = "--ignore-buildable", description = "Ignore images that can be built")
    boolean ignoreBuildable;

    @Parameters(paramLabel = "SERVICE", arity = "0..*")
    List<String> services = new ArrayList<>();

    @Override
    public Integer call() {
      Session s = root.session();
      Project p = s.project();
      int failed = 0;
      for (String service : services.isEmpty() ? p.services().keySet() : services) {
        var def = p.service(service);
        if (!def.has("image") || ignoreBuildable && def.has("build")) {
          continue;
        }
        try {
          s.engine.pull(def.get("image").asText());
          s.progress("Image", def.get("image").asText(), "Pulled");
        } catch (CliException e) {
          if (!ignoreFailures && !def.has("build")) {
            throw e;
          }
          failed++;
          s.err.println(" ! " + service + " Warning " + Messages.of(e));
        }
      }
      return failed > 0 && !ignoreFailures ? 1 : 0;
    }
  }

  @Command(name = "push", description = "Push service images")
  static final class Push implements Callable<Integer> {
    @ParentCommand ComposeCommand root;

    @Option(names = "--ignore-push-failures", description = "Push what it can and ignores images with push failures")
    boolean ignoreFailures;

    @Option(names = {"-q", "--quiet"}, description = "Push without printing progress information")
    boolean quiet;

    @Parameters(paramLabel = "SERVICE", arity = "0..*")
    List<String> services = new ArrayList<>();

    @Override
    public Integer call() {
      Session s = root.session();
      Project p = s.project();
      String auth = Base64.getUrlEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8));
      for (String service : services.isEmpty() ? p.services().keySet() : services) {
        var def = p.service(service);
        if (!def.has("image")) {
          continue;
        }
        String image = def.get("image").asText();
        int colon = image.lastIndexOf(':');
        String name = colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
        String tag = colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
        try (DaemonClient.Streamed st = s.engine.api.stream("POST", s.engine.v()
            + "/images/" + name + "/push?tag=" + Engine.q(tag), null,
            Map.of("X-Registry-Auth", auth))) {
          Engine.failOnError(st);
          s.progress("Image", image, "Pushed");
        } catch (IOException | CliException e) {
          if (!ignoreFailures) {
            throw new CliException("failed to push " + image + ": " + Messages.of(e));
          }
          s.err.println(" ! " + service + " Warning " + Messages.of(e));
        }
      }
      return 0;
    }
  }

  @Command(name = "images", description = "List images used by the created containers")
  static final class Images implements Callable<Integer> {
    @ParentCommand ComposeCommand root;

    @Option(names = {"-q", "--quiet"}, description = "Only display IDs")
    boolean quiet;

    @Option(names = "--format", paramLabel = "string", defaultValue = "table", description = "Format the output. Values: [table | json]")
    String format;

    @Parameters(paramLabel = "SERVICE", arity = "0..*")
    List<String> services = new ArrayList<>();

    @Override
    public Integer call() {
      Session s = root.session();
      Table t = new Table("CONTAINER", "REPOSITORY", "TAG", "IMAGE ID", "SIZE");
      var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
      Set<String> ids = new LinkedHashSet<>();
      for (JsonNode c : s.containers(services, true)) {
        JsonNode img = s.engine.api.get(s.engine.v() + "/images/"
            + c.path("ImageID").asText() + "/json");
        String id = img.path("Id").asText();
        ids.add(id);
        String ref = c.path("Image").asText();
        int colon = ref.lastIndexOf(':');
        String repo = colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
        String tag = colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : "latest";
        if (ref.startsWith("sha256:")) {
          repo = "<none>";
          tag = "<none>";
        }
        String shortId = id.replace("sha256:", "").substring(0, 12);
        t.add(Engine.name(c), repo, tag, shortId, size(img.path("Size").asLong()));
        json.addObject().put("ID", id).put("ContainerName", Engine.name(c))
            .put("Repository", repo).put("Tag", tag).put("Size", img.path("Size").asLong());
      }
      if (quiet) {
        ids.forEach(s.out::println);
      } else if (format.equals("json")) {
        s.out.println(json);
      } else {
        t.print(s.out);
      }
      return 0;
    }

    /** docker's units.HumanSize: three significant digits, decimal units. */
    static String size(long bytes) {
      String[] units = {"B", "kB", "MB", "GB", "TB"};
      double v = bytes;
      int u = 0;
      while (v >= 1000 && u < units.length - 1) {
        v /= 1000;
        u++;
      }
      String n = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros()
          .toPlainString();
      return n + units[u];
    }
  }
}
