package io.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth exec}: inspect, {@code POST /containers/{name}/exec}, {@code POST
 * /exec/{id}/start} hijacked (or detached), then {@code GET /exec/{id}/json} for the exit code.
 */
@Command(name = "exec", description = "Execute a command in a running container")
final class ExecCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background")
  boolean detach;

  @Option(names = "--detach-keys", paramLabel = "string", description = "Override the key sequence for detaching a container")
  String detachKeys = "";

  @Option(names = {"-e", "--env"}, paramLabel = "list", description = "Set environment variables")
  List<String> env = new ArrayList<>();

  @Option(names = "--env-file", paramLabel = "list", description = "Read in a file of environment variables")
  List<String> envFile = new ArrayList<>();

  @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
  boolean interactive;

  @Option(names = "--privileged", description = "Give extended privileges to the command")
  boolean privileged;

  @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
  boolean tty;

  @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
  String user = "";

  @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container")
  String workdir = "";

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
  List<String> cmd;

  @Override
  public Integer call() {
    if (!detach && interactive && tty && !Terminal.stdin.getAsBoolean()) {
      throw new CliException("the input device is not a TTY");
    }
    Api api = BerthCommand.api(spec);
    api.get(Query.path("/containers/", container, "/json").toString());
    int[] size = tty && Terminal.stdout.getAsBoolean() ? Terminal.size() : null;
    ObjectNode config = Json.MAPPER.createObjectNode().put("User", user)
        .put("Privileged", privileged).put("Tty", tty);
    consoleSize(config, size);
    config.put("AttachStdin", interactive && !detach).put("AttachStderr", !detach)
        .put("AttachStdout", !detach).put("Detach", detach).put("DetachKeys", detachKeys);
    List<String> environment = ContainerOptions.environment(envFile, env, System::getenv);
    ArrayNode e = environment.isEmpty() ? null : config.putArray("Env");
    environment.forEach(v -> e.add(v));
    if (e == null) {
      config.putNull("Env");
    }
    config.put("WorkingDir", workdir);
    cmd.forEach(config.putArray("Cmd")::add);
    String id = api.post(Query.path("/containers/", container, "/exec").toString(), config)
        .path("Id").asText("");
    if (id.isEmpty()) {
      throw new CliException("exec ID empty");
    }
    ObjectNode start = Json.MAPPER.createObjectNode().put("Detach", detach).put("Tty", tty);
    consoleSize(start, size);
    if (detach) {
      api.post(Query.path("/exec/", id, "/start").toString(), start);
      return 0;
    }
    DaemonClient.Hijacked h = api.hijack(Query.path("/exec/", id, "/start").toString(), start);
    if (tty) {
      Containers.resize(api, "/exec/", id);
    }
    if (Containers.pump(h, interactive ? System.in : null, tty, detachKeys)) {
      return 0;
    }
    int code = api.get(Query.path("/exec/", id, "/json").toString()).path("ExitCode").asInt();
    if (code != 0) {
      throw CliException.exit(code);
    }
    return 0;
  }

  private static void consoleSize(ObjectNode o, int[] size) {
    if (size != null) {
      o.putArray("ConsoleSize").add(size[0]).add(size[1]);
    }
  }
}
