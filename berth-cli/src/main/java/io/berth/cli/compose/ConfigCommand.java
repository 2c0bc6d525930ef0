package io.berth.cli.compose;

import io.berth.api.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compose config}: the project as loaded, merged, interpolated and resolved — the
 * normalised model every other command works from — in YAML or JSON.
 */
@Command(name = "config", description = "Parse, resolve and render compose file in canonical format")
final class ConfigCommand implements Callable<Integer> {
  @ParentCommand ComposeCommand root;

  @Option(names = "--format", paramLabel = "string", defaultValue = "yaml",
      description = "Format the output. Values: [yaml | json]")
  String format;

  @Option(names = "--services", description = "Print the service names, one per line.")
  boolean services;

  @Option(names = "--volumes", description = "Print the volume names, one per line.")
  boolean volumes;

  @Option(names = "--networks", description = "Print the network names, one per line.")
  boolean networks;

  @Option(names = "--images", description = "Print the image names, one per line.")
  boolean images;

  @Option(names = "--profiles", description = "Print the profile names, one per line.")
  boolean profiles;

  @Option(names = "--hash", paramLabel = "string", description = "Print the service config hash, one per line.")
  String hash;

  @Option(names = {"-q", "--quiet"}, description = "Only validate the configuration, don't print anything.")
  boolean quiet;

  @Option(names = {"-o", "--output"}, paramLabel = "string", description = "Save to file")
  String output;

  @Override
  public Integer call() throws Exception {
    Session s = root.session();
    Project p = s.project();
    if (quiet) {
      return 0;
    }
    if (services) {
      p.services().keySet().forEach(s.out::println);
    } else if (volumes) {
      p.model().path("volumes").properties().forEach(e -> s.out.println(e.getKey()));
    } else if (networks) {
      p.model().path("networks").properties().forEach(e -> s.out.println(e.getKey()));
    } else if (images) {
      p.services().keySet().forEach(n -> s.out.println(p.image(n)));
    } else if (profiles) {
      Set<String> all = new LinkedHashSet<>();
      p.allServices().values().forEach(v -> v.path("profiles").forEach(x -> all.add(x.asText())));
      all.forEach(s.out::println);
    } else if (hash != null) {
      for (String n : p.services().keySet()) {
        if (hash.equals("*") || Set.of(hash.split(",")).contains(n)) {
          s.out.println(n + " " + ConfigHash.of(p.service(n)));
        }
      }
    } else {
      String text = render(p, format);
      if (output != null) {
        Files.writeString(Path.of(output), text);
      } else {
        s.out.print(text);
      }
    }
    return 0;
  }

  /** The model of the active services, as YAML or as indented JSON. */
  static String render(Project p, String format) throws Exception {
    var model = p.model().deepCopy();
    var svcs = model.putObject("services");
    new TreeMap<>(p.services()).forEach(svcs::set);
    if (format.equals("json")) {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(model) + "\n";
    }
    Map<?, ?> tree = Json.MAPPER.convertValue(model, Map.class);
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK)
        .setIndent(2).setIndicatorIndent(2).setIndentWithIndicator(true).setWidth(4096).build();
    return new Dump(settings).dumpToString(tree);
  }
}
