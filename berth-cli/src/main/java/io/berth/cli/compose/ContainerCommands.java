package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.CliException;
import io.berth.cli.Delegate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** cp, top and port: one service container's files, processes and published ports. */
final class ContainerCommands {
  private ContainerCommands() {}

  /** {@code compose cp SERVICE:SRC DEST} or {@code SRC SERVICE:DEST}: {@code berth cp}. */
  @Command(name = "cp", description = "Copy files/folders between a service container and the local filesystem")
  static final class Cp implements Callable<Integer> {
    @ParentCommand ComposeCommand root;

    @Option(names = "--index", paramLabel = "int", defaultValue = "1", description = "Index of the container if service has multiple replicas")
    int index;

    @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)")
    boolean archive;

    @Option(names = {"-L", "--follow-link"}, description = "Always follow symbol link in SRC_PATH")
    boolean followLink;

    @Parameters(index = "0", paramLabel = "SRC")
    String src;

    @Parameters(index = "1", paramLabel = "DEST")
    String dest;

    @Override
    public Integer call() {
      Session s = root.session();
      List<String> args = new ArrayList<>(List.of("cp"));
      if (archive) {
        args.add("-a");
      }
      if (followLink) {
        args.add("-L");
      }
      args.add(resolve(s, src));
      args.add(resolve(s, dest));
      return Delegate.run(root.host(), args);
    }

    private String resolve(Session s, String arg) {
      int colon = arg.indexOf(':');
      if (colon <= 0 || arg.startsWith("/") || arg.startsWith(".")) {
        return arg;
      }
      JsonNode c = s.container(arg.substring(0, colon), index);
      return c.path("Id").asText() + arg.substring(colon);
    }
  }

  /** {@code compose top}: each running container's processes, under its name. */
  @Command(name = "top", description = "Display the running processes")
  static final class Top implements Callable<Integer> {
    @ParentCommand ComposeCommand root;

    @Parameters(paramLabel = "SERVICE", arity = "0..*")
    List<String> services = new ArrayList<>();

    @Override
    public Integer call() {
      Session s = root.session();
      boolean first = true;
      for (JsonNode c : s.containers(services, false)) {
        JsonNode top = s.engine.call("GET", "/containers/" + c.path("Id").asText() + "/top");
        if (!first) {
          s.out.println();
        }
        first = false;
        s.out.println(Engine.name(c));
        List<String> titles = new ArrayList<>();
        top.path("Titles").forEach(t -> titles.add(t.asText()));
        Table t = new Table(titles.toArray(String[]::new));
        for (JsonNode row : top.path("Processes")) {
          List<String> cells = new ArrayList<>();
          row.forEach(x -> cells.add(x.asText()));
          while (cells.size() < titles.size()) {
            cells.add("");
          }
          t.add(cells.subList(0, titles.size()).toArray(String[]::new));
        }
        t.print(s.out);
      }
      return 0;
    }
  }

  /** {@code compose port SERVICE PRIVATE_PORT}: the public address it is published on. */
  @Command(name = "port", description = "Print the public port for a port binding")
  static final class Port implements Callable<Integer> {
    @ParentCommand ComposeCommand root;

    @Option(names = "--index", paramLabel = "int", defaultValue = "1", description = "Index of the container if service has multiple replicas")
    int index;

    @Option(names = "--protocol", paramLabel = "string", defaultValue = "tcp", description = "tcp or udp")
    String protocol;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1", paramLabel = "PRIVATE_PORT")
    int port;

    @Override
    public Integer call() {
      Session s = root.session();
      JsonNode c = s.container(service, index);
      for (JsonNode p : c.path("Ports")) {
        if (p.path("PrivatePort").asInt() == port && p.path("Type").asText("tcp").equals(protocol)
            && p.has("PublicPort")) {
          s.out.println(p.path("IP").asText("0.0.0.0") + ":" + p.path("PublicPort").asInt());
          return 0;
        }
      }
      throw new CliException("no port " + port + "/" + protocol + " for container "
          + Engine.name(c));
    }
  }
}
