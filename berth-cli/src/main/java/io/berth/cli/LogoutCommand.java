package io.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth logout}: forgets the stored credentials of a registry. */
@Command(name = "logout", description = "Log out from a registry")
final class LogoutCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
  String server;

  @Override
  public Integer call() {
    String key = DockerConfig.serverKey(server == null ? null
        : server.replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/.*$", ""));
    if (DockerConfig.load().erase(key)) {
      System.out.println("Removing login credentials for " + key);
    } else {
      System.out.println("Not logged in to " + key);
    }
    return 0;
  }
}
