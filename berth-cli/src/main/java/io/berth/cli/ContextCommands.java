package io.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth context}: ls, create, use, inspect, rm, on the docker CLI's stored contexts. */
final class ContextCommands {
  private ContextCommands() {}

  @Command(name = "context", description = "Manage contexts")
  static final class Group implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  @Command(name = "ls", aliases = "list", description = "List contexts")
  static final class Ls implements Callable<Integer> {
    @Option(names = {"-q", "--quiet"}, description = "Only show context names")
    boolean quiet;
    @Option(names = "--format", paramLabel = "string",
        description = "Format output using a custom template: 'table', 'json' or a Go template")
    String format;

    @Override
    public Integer call() {
      Contexts store = Contexts.load();
      String current = store.current();
      List<Contexts.Context> all = new java.util.ArrayList<>();
      all.add(new Contexts.Context(Contexts.DEFAULT, "Current DOCKER_HOST based configuration",
          envHost()));
      all.addAll(store.list());
      all.sort(java.util.Comparator.comparing(Contexts.Context::name));
      if (quiet) {
        all.forEach(c -> System.out.println(c.name()));
        return 0;
      }
      List<ObjectNode> rows = new java.util.ArrayList<>();
      for (Contexts.Context c : all) {
        var r = Json.MAPPER.createObjectNode();
        r.put("Current", c.name().equals(current));
        r.put("Description", c.description());
        r.put("DockerEndpoint", c.host());
        r.put("Error", "");
        r.put("Name", c.name());
        rows.add(r);
      }
      Format.of(format, "table {{.Name}}{{if .Current}} *{{end}}\t{{.Description}}"
          + "\t{{.DockerEndpoint}}\t{{.Error}}").print(System.out, rows, Map.of("Name", "NAME",
          "Description", "DESCRIPTION", "DockerEndpoint", "DOCKER ENDPOINT", "Error", "ERROR"));
      return 0;
    }

    private static String envHost() {
      for (String env : new String[] {"BERTH_HOST", "DOCKER_HOST"}) {
        String v = System.getenv(env);
        if (v != null && !v.isBlank()) {
          return v;
        }
      }
      return BerthCommand.DEFAULT_HOST;
    }
  }

  @Command(name = "create", description = "Create a context")
  static final class Create implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONTEXT") String name;
    @Option(names = "--description", paramLabel = "string", description = "Description of the context")
    String description = "";
    @Option(names = "--docker", paramLabel = "stringToString",
        description = "set the docker endpoint (host=unix:///path or tcp://host:port)")
    String docker;

    @Override
    public Integer call() {
      String host = BerthCommand.DEFAULT_HOST;
      if (docker != null) {
        for (String kv : docker.split(",")) {
          if (kv.startsWith("host=")) {
            host = kv.substring("host=".length());
          }
        }
      }
      Contexts.load().create(new Contexts.Context(name, description, host));
      System.out.println(name);
      System.err.println("Successfully created context \"" + name + "\"");
      return 0;
    }
  }

  @Command(name = "use", description = "Set the current docker context")
  static final class Use implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONTEXT") String name;

    @Override
    public Integer call() {
      Contexts.load().use(name);
      System.out.println(name);
      System.err.println("Current context is now \"" + name + "\"");
      return 0;
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove one or more contexts")
  static final class Rm implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CONTEXT") List<String> names;

    @Override
    public Integer call() {
      Contexts store = Contexts.load();
      for (String n : names) {
        store.remove(n);
        System.out.println(n);
      }
      return 0;
    }
  }

  @Command(name = "inspect", description = "Display detailed information on one or more contexts")
  static final class Inspect implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "CONTEXT") List<String> names;
    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Override
    public Integer call() throws Exception {
      Contexts store = Contexts.load();
      ArrayNode out = Json.MAPPER.createArrayNode();
      for (String n : names == null || names.isEmpty() ? List.of(store.current()) : names) {
        Contexts.Context c = store.get(n);
        ObjectNode o = out.addObject();
        o.put("Name", c.name());
        ObjectNode meta = o.putObject("Metadata");
        if (!c.description().isEmpty()) {
          meta.put("Description", c.description());
        }
        ObjectNode d = o.putObject("Endpoints").putObject("docker");
        d.put("Host", c.host());
        d.put("SkipTLSVerify", false);
        o.putObject("TLSMaterial");
        ObjectNode storage = o.putObject("Storage");
        storage.put("MetadataPath", store.metaDir(n).toString());
        storage.put("TLSPath", store.metaDir(n).toString().replace("/meta/", "/tls/"));
      }
      if (format != null) {
        for (var node : out) {
          System.out.println(Template.parse(format).execute(node));
        }
      } else {
        System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
      }
      return 0;
    }
  }
}
