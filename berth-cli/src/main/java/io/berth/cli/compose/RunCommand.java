package io.berth.cli.compose;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.cli.Delegate;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compose run SERVICE [COMMAND]}: a one-off container ({@code <project>-<service>-run-<id>},
 * {@code com.docker.compose.oneoff=True}) after its dependencies are up, without the service's
 * published ports unless {@code --service-ports}; attached through {@code berth start -a}, so it
 * ends with the container's exit code.
 */
@Command(name = "run", description = "Run a one-off command on a service")
final class RunCommand implements Callable<Integer> {
  @ParentCommand ComposeCommand root;

  @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
  boolean detach;

  @Option(names = "--rm", description = "Automatically remove the container when it exits")
  boolean rm;

  @Option(names = {"-e", "--env"}, paramLabel = "stringArray", description = "Set environment variables")
  List<String> env = new ArrayList<>();

  @Option(names = "--entrypoint", paramLabel = "string", description = "Override the entrypoint of the image")
  String entrypoint;

  @Option(names = "--name", paramLabel = "string", description = "Assign a name to the container")
  String name;

  @Option(names = "--no-deps", description = "Don't start linked services")
  boolean noDeps;

  @Option(names = {"-T", "--no-TTY"}, description = "Disable pseudo-TTY allocation (default: auto-detected)")
  boolean noTty;

  @Option(names = {"-i", "--interactive"}, defaultValue = "true", negatable = true,
      fallbackValue = "true", description = "Keep STDIN open even if not attached")
  boolean interactive;

  @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Run as specified username or uid")
  String user;

  @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container")
  String workdir;

  @Option(names = {"-P", "--service-ports"}, description = "Run command with all service's ports enabled and mapped to the host")
  boolean servicePorts;

  @Option(names = {"-l", "--label"}, paramLabel = "stringArray", description = "Add or override a label")
  List<String> labels = new ArrayList<>();

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "0..*")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    Session s = root.session();
    Project p = s.project();
    p.service(service);
    List<String> deps = new ArrayList<>(p.selection(List.of(service), noDeps));
    deps.remove(service);
    Convergence.Options o = new Convergence.Options(false, false, false, false, Map.of(), false,
        false, null, false);
    Convergence conv = new Convergence(s, o);
    if (!deps.isEmpty()) {
      conv.up(deps);
    } else {
      Resources.ensureNetworks(s, p, List.of(service));
      Resources.ensureVolumes(s, p, List.of(service));
    }
    if (s.engine.imageId(p.image(service)) == null) {
      if (p.service(service).has("build")) {
        Builds.build(s, p, service, false, false, false);
      } else {
        s.engine.pull(p.image(service));
      }
    }
    Dependencies.await(s, p, service, java.util.Set.copyOf(deps));
    Map<String, String> vars = new LinkedHashMap<>();
    for (String e : env) {
      int eq = e.indexOf('=');
      if (eq < 0) {
        String v = System.getenv(e);
        if (v != null) {
          vars.put(e, v);
        }
      } else {
        vars.put(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    boolean tty = !noTty && !detach && System.console() != null;
    String container = name != null ? name : p.name() + "-" + service + "-run-"
        + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    var spec = ContainerSpec.of(p, service, 1, container, s.engine.imageId(p.image(service)),
        new ContainerSpec.Overrides(command.isEmpty() ? null : command, vars,
            entrypoint == null ? null : ShellWords.split(entrypoint), true, tty,
            interactive && !detach), conv::containerOf);
    ObjectNode body = spec.body();
    if (user != null) {
      body.put("User", user);
    }
    if (workdir != null) {
      body.put("WorkingDir", workdir);
    }
    ObjectNode lbl = (ObjectNode) body.get("Labels");
    for (String l : labels) {
      int eq = l.indexOf('=');
      lbl.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
    }
    if (!servicePorts) {
      ((ObjectNode) body.get("HostConfig")).remove("PortBindings");
    }
    if (rm && detach) {
      ((ObjectNode) body.get("HostConfig")).put("AutoRemove", true);
    }
    String id = s.engine.create(spec);
    if (detach) {
      s.engine.start(id);
      s.out.println(container);
      return 0;
    }
    List<String> args = new ArrayList<>(List.of("start", "-a"));
    if (interactive) {
      args.add("-i");
    }
    args.add(id);
    int code = Delegate.run(root.host(), args);
    if (rm) {
      s.engine.remove(id, true, true);
    }
    return code;
  }
}
