package io.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth login}: the daemon checks the credentials ({@code POST /auth}), then they are
 * stored as the docker CLI stores them (config.json or a credential helper).
 */
@Command(name = "login", description = "Authenticate to a registry")
final class LoginCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-u", "--username"}, paramLabel = "string", description = "Username")
  String username;

  @Option(names = {"-p", "--password"}, paramLabel = "string", description = "Password")
  String password;

  @Option(names = "--password-stdin", description = "Take the password from stdin")
  boolean passwordStdin;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
  String server;

  @Override
  public Integer call() throws IOException {
    if (passwordStdin) {
      if (password != null) {
        throw new CliException("--password and --password-stdin are mutually exclusive");
      }
      if (username == null) {
        throw new CliException("Must provide --username with --password-stdin");
      }
      password = new BufferedReader(new InputStreamReader(System.in)).readLine();
      password = password == null ? "" : password.strip();
    } else if (password != null) {
      System.err.println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    }
    if (username == null || username.isEmpty() || password == null) {
      throw new CliException("Error: Cannot perform an interactive login from a non TTY device");
    }
    String key = DockerConfig.serverKey(server == null ? null
        : server.replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/.*$", ""));
    ObjectNode body = Json.MAPPER.createObjectNode().put("username", username)
        .put("password", password).put("serveraddress", key);
    BerthCommand.api(spec).post("/auth", body);
    DockerConfig.load().store(key, username, password);
    System.out.println("Login Succeeded");
    return 0;
  }
}
