package io.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root {@code berth} command and its global options. */
@Command(name = "berth", mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "A self-sufficient runtime for containers, Docker-compatible.",
    subcommands = {VersionCommand.class, InfoCommand.class, CompletionCommand.class})
public final class BerthCommand {
  @Option(names = {"-H", "--host"}, paramLabel = "ADDR", scope = ScopeType.INHERIT,
      description = "Daemon socket to connect to (default: $BERTH_HOST, $DOCKER_HOST, "
          + "unix:///run/berth/berth.sock)")
  String host;

  static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";

  /** -H, then BERTH_HOST, then DOCKER_HOST, then the default socket. */
  String resolveHost() {
    if (host != null && !host.isBlank()) {
      return host;
    }
    for (String env : new String[] {"BERTH_HOST", "DOCKER_HOST"}) {
      String v = System.getenv(env);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return DEFAULT_HOST;
  }

  Api api() {
    return new Api(new DaemonClient(resolveHost()));
  }
}
