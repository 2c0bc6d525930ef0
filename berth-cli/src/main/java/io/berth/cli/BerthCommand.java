package io.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root {@code berth} command and its global options. */
@Command(name = "berth", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    versionProvider = VersionCommand.Provider.class,
    description = "A self-sufficient runtime for containers, Docker-compatible.",
    subcommands = {VersionCommand.class, InfoCommand.class, CompletionCommand.class})
public final class BerthCommand {
  // Global options go before the command, as docker's (cobra TraverseChildren): that frees -H
  // for `history -H/--human`.
  @Option(names = {"-H", "--host"}, paramLabel = "ADDR", scope = ScopeType.LOCAL,
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

  /** The API client for any command in the tree, however deep. */
  static Api api(CommandSpec spec) {
    return ((BerthCommand) spec.root().userObject()).api();
  }

  /** The command tree; commands reachable by two paths (images, image ls) appear twice. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new BerthCommand());
    CommandLine image = new CommandLine(new ImageCommand())
        .addSubcommand("history", new HistoryCommand())
        .addSubcommand("import", new ImportCommand())
        .addSubcommand("inspect", new ImageInspectCommand())
        .addSubcommand("load", new LoadCommand())
        .addSubcommand(named("ls", new ImagesCommand(), "list"))
        .addSubcommand("prune", new ImagePruneCommand())
        .addSubcommand(named("rm", new RmiCommand(), "remove"))
        .addSubcommand("save", new SaveCommand())
        .addSubcommand("tag", new TagCommand());
    CommandLine system = new CommandLine(new SystemCommand())
        .addSubcommand("df", new DfCommand())
        .addSubcommand("info", new InfoCommand());
    CommandLine container = new CommandLine(new ContainerCommand())
        .addSubcommand("attach", new AttachCommand())
        .addSubcommand("create", positional(new CreateCommand()))
        .addSubcommand("diff", new ContainerInfoCommands.Diff())
        .addSubcommand("exec", positional(new ExecCommand()))
        .addSubcommand("export", new ContainerInfoCommands.Export())
        .addSubcommand("inspect", containerInspect())
        .addSubcommand("kill", new LifecycleCommands.Kill())
        .addSubcommand("logs", new LogsCommand())
        .addSubcommand(named("ls", new PsCommand(), "ps", "list"))
        .addSubcommand("prune", new ContainerInfoCommands.Prune())
        .addSubcommand("rename", new ContainerInfoCommands.Rename())
        .addSubcommand("restart", new LifecycleCommands.Restart())
        .addSubcommand(named("rm", new LifecycleCommands.Rm(), "remove"))
        .addSubcommand("run", positional(new RunCommand()))
        .addSubcommand("start", new StartCommand())
        .addSubcommand("stop", new LifecycleCommands.Stop())
        .addSubcommand("top", positional(new ContainerInfoCommands.Top()))
        .addSubcommand("wait", new LifecycleCommands.Wait());
    return cli
        .addSubcommand("attach", new AttachCommand())
        .addSubcommand("container", container)
        .addSubcommand("create", positional(new CreateCommand()))
        .addSubcommand("diff", new ContainerInfoCommands.Diff())
        .addSubcommand("exec", positional(new ExecCommand()))
        .addSubcommand("export", new ContainerInfoCommands.Export())
        .addSubcommand("kill", new LifecycleCommands.Kill())
        .addSubcommand("logs", new LogsCommand())
        .addSubcommand("ps", new PsCommand())
        .addSubcommand("rename", new ContainerInfoCommands.Rename())
        .addSubcommand("restart", new LifecycleCommands.Restart())
        .addSubcommand("rm", new LifecycleCommands.Rm())
        .addSubcommand("run", positional(new RunCommand()))
        .addSubcommand("start", new StartCommand())
        .addSubcommand("stop", new LifecycleCommands.Stop())
        .addSubcommand("top", positional(new ContainerInfoCommands.Top()))
        .addSubcommand("wait", new LifecycleCommands.Wait())
        .addSubcommand("history", new HistoryCommand())
        .addSubcommand("image", image)
        .addSubcommand("images", new ImagesCommand())
        .addSubcommand("import", new ImportCommand())
        .addSubcommand("inspect", new InspectCommand())
        .addSubcommand("load", new LoadCommand())
        .addSubcommand("rmi", new RmiCommand())
        .addSubcommand("save", new SaveCommand())
        .addSubcommand("system", system)
        .addSubcommand("tag", new TagCommand());
  }

  /**
   * A command whose first positional argument ends the options: {@code run IMAGE ls -l} gives
   * {@code -l} to the container, as docker's SetInterspersed(false).
   */
  private static CommandLine positional(Object command) {
    return new CommandLine(command).setStopAtPositional(true);
  }

  /** {@code container inspect}: inspect with --type container. */
  private static InspectCommand containerInspect() {
    InspectCommand c = new InspectCommand();
    c.type = "container";
    return c;
  }

  /** A command under another name than its own (image ls is images, image rm is rmi). */
  private static CommandLine named(String name, Object command, String... aliases) {
    CommandLine c = new CommandLine(command);
    c.getCommandSpec().name(name).aliases(aliases);
    return c;
  }
}
