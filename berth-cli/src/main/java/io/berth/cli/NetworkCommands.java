package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth network ...}: the {@code /networks} endpoints, with docker's output. */
final class NetworkCommands {
  private NetworkCommands() {}

  /** {@code berth network}: alone it prints the list of its commands. */
  @Command(name = "network", description = "Manage networks")
  static final class Group implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  @Command(name = "create", description = "Create a network")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-d", "--driver"}, paramLabel = "string", description = "Driver to manage the Network (default \"bridge\")")
    String driver = "bridge";
    @Option(names = "--subnet", paramLabel = "strings", description = "Subnet in CIDR format that represents a network segment")
    List<String> subnet = new ArrayList<>();
    @Option(names = "--gateway", paramLabel = "strings", description = "IPv4 or IPv6 Gateway for the master subnet")
    List<String> gateway = new ArrayList<>();
    @Option(names = "--internal", description = "Restrict external access to the network")
    boolean internal;
    @Option(names = "--attachable", description = "Enable manual container attachment")
    boolean attachable;
    @Option(names = "--label", paramLabel = "list", description = "Set metadata on a network")
    List<String> labels = new ArrayList<>();
    @Option(names = {"-o", "--opt"}, paramLabel = "map", description = "Set driver specific options")
    List<String> opts = new ArrayList<>();
    @Parameters(index = "0", paramLabel = "NETWORK")
    String name;

    @Override
    public Integer call() {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("Name", name).put("Driver", driver).put("Internal", internal)
          .put("Attachable", attachable);
      ObjectNode ipam = body.putObject("IPAM");
      ipam.put("Driver", "default");
      var config = ipam.putArray("Config");
      for (int i = 0; i < subnet.size(); i++) {
        ObjectNode c = config.addObject().put("Subnet", subnet.get(i));
        if (i < gateway.size()) {
          c.put("Gateway", gateway.get(i));
        }
      }
      body.set("Options", map(opts));
      body.set("Labels", map(labels));
      System.out.println(BerthCommand.api(spec).post("/networks/create", body).path("Id")
          .asText());
      return 0;
    }
  }

  @Command(name = "ls", aliases = "list", description = "List networks")
  static final class Ls implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-f", "--filter"}, paramLabel = "filter", description = "Provide filter values (e.g. \"driver=bridge\")")
    List<String> filters;
    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template")
    String format;
    @Option(names = {"-q", "--quiet"}, description = "Only display network IDs")
    boolean quiet;
    @Option(names = "--no-trunc", description = "Do not truncate the output")
    boolean noTrunc;

    @Override
    public Integer call() {
      JsonNode list = BerthCommand.api(spec).get(Filters.parse(filters)
          .addTo(Query.path("/networks")).toString());
      List<ObjectNode> rows = new ArrayList<>();
      for (JsonNode n : list) {
        // the docker CLI's network row: its cells as strings, keys sorted as Go marshals them
        ObjectNode r = Json.MAPPER.createObjectNode();
        String id = n.path("Id").asText();
        r.put("CreatedAt", Cells.goTime(n.path("Created").asText()));
        r.put("Driver", n.path("Driver").asText());
        r.put("ID", noTrunc ? id : id.substring(0, Math.min(12, id.length())));
        // EnableIPv4 is API 1.47's: the docker CLI shows false for a daemon without it
        r.put("IPv4", Boolean.toString(n.path("EnableIPv4").asBoolean(false)));
        r.put("IPv6", Boolean.toString(n.path("EnableIPv6").asBoolean(false)));
        r.put("Internal", Boolean.toString(n.path("Internal").asBoolean()));
        r.put("Labels", Cells.labels(n.path("Labels")));
        r.put("Name", n.path("Name").asText());
        r.put("Scope", n.path("Scope").asText());
        rows.add(r);
      }
      // sorted by name, as the docker CLI lists them
      rows.sort(java.util.Comparator.comparing(r -> r.path("Name").asText()));
      Format f = Format.of(quiet ? "{{.ID}}" : format,
          "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}");
      f.print(System.out, rows, Map.of("ID", "NETWORK ID", "Name", "NAME", "Driver", "DRIVER",
          "Scope", "SCOPE", "Internal", "INTERNAL", "Labels", "LABELS"));
      return 0;
    }
  }

  @Command(name = "inspect", description = "Display detailed information on one or more networks")
  static final class Inspect implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a custom template")
    String format;
    @Parameters(arity = "1..*", paramLabel = "NETWORK")
    List<String> names;

    @Override
    public Integer call() {
      Api api = BerthCommand.api(spec);
      return ImageInspectCommand.inspect(names, format,
          n -> api.get(Query.path("/networks/", n).toString()), (n, e) -> e.getMessage());
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove one or more networks")
  static final class Rm implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-f", "--force"}, description = "Do not error if the network does not exist")
    boolean force;
    @Parameters(arity = "1..*", paramLabel = "NETWORK")
    List<String> names;

    @Override
    public Integer call() {
      int status = 0;
      for (String n : names) {
        try {
          BerthCommand.api(spec).call("DELETE", Query.path("/networks/", n).toString());
          System.out.println(n);
        } catch (CliException e) {
          if (force && e.getMessage().contains("not found")) {
            continue;
          }
          System.err.println(e.getMessage());
          status = 1;
        }
      }
      if (status != 0) {
        System.err.println("exit status 1"); // docker 28's StatusError, printed after the errors
      }
      return status;
    }
  }

  @Command(name = "prune", description = "Remove all unused networks")
  static final class Prune implements Callable<Integer> {
    static final String WARNING = "WARNING! This will remove all custom networks not used by at"
        + " least one container.\nAre you sure you want to continue?";
    @Spec CommandSpec spec;
    @Option(names = "--filter", paramLabel = "filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters;
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Override
    public Integer call() {
      PrintStream out = System.out;
      if (!force && !ImagePruneCommand.confirm(out, WARNING)) {
        return 0;
      }
      JsonNode r = BerthCommand.api(spec).call("POST", Filters.parse(filters)
          .addTo(Query.path("/networks/prune")).toString());
      JsonNode deleted = r.path("NetworksDeleted");
      if (deleted.isArray() && !deleted.isEmpty()) {
        out.println("Deleted Networks:");
        deleted.forEach(n -> out.println(n.asText()));
        out.println();
      }
      return 0;
    }
  }

  @Command(name = "connect", description = "Connect a container to a network")
  static final class Connect implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--alias", paramLabel = "strings", description = "Add network-scoped alias for the container")
    List<String> aliases = new ArrayList<>();
    @Option(names = "--ip", paramLabel = "string", description = "IPv4 address (e.g., \"172.30.100.104\")")
    String ip;
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;
    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
      ObjectNode body = Json.MAPPER.createObjectNode().put("Container", container);
      ObjectNode ep = body.putObject("EndpointConfig");
      var a = ep.putArray("Aliases");
      aliases.forEach(a::add);
      if (ip != null) {
        ep.putObject("IPAMConfig").put("IPv4Address", ip);
      }
      BerthCommand.api(spec).post(Query.path("/networks/", network, "/connect").toString(),
          body);
      return 0;
    }
  }

  @Command(name = "disconnect", description = "Disconnect a container from a network")
  static final class Disconnect implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-f", "--force"}, description = "Force the container to disconnect from a network")
    boolean force;
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;
    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
      BerthCommand.api(spec).post(Query.path("/networks/", network, "/disconnect").toString(),
          Json.MAPPER.createObjectNode().put("Container", container).put("Force", force));
      return 0;
    }
  }

  /** {@code berth port CONTAINER [PRIVATE_PORT[/PROTO]]}, from inspect's NetworkSettings.Ports. */
  @Command(name = "port", description = "List port mappings or a specific mapping for the container")
  static final class Port implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;
    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]")
    String port;

    @Override
    public Integer call() {
      JsonNode ports = BerthCommand.api(spec).get(Query.path("/containers/", container, "/json")
          .toString()).path("NetworkSettings").path("Ports");
      String want = port == null ? null : port.contains("/") ? port : port + "/tcp";
      List<String> lines = new ArrayList<>();
      for (var it = ports.properties().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (want != null && !want.equals(e.getKey())) {
          continue;
        }
        for (JsonNode b : e.getValue()) {
          String addr = b.path("HostIp").asText() + ":" + b.path("HostPort").asText();
          lines.add(want != null ? addr : e.getKey() + " -> " + addr);
        }
      }
      if (want != null && lines.isEmpty()) {
        throw new CliException("Error: No public port '" + want + "' published for "
            + container);
      }
      lines.forEach(System.out::println);
      return 0;
    }
  }

  private static ObjectNode map(List<String> pairs) {
    ObjectNode m = Json.MAPPER.createObjectNode();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      m.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
    }
    return m;
  }

}
