package io.berth.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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

  String resolveHost() {
    return Contexts.host(host);
  }

  Api api() {
    return new Api(new DaemonClient(resolveHost()));
  }

  /** The API client for any command in the tree, however deep. */
  static Api api(CommandSpec spec) {
    return ((BerthCommand) spec.root().userObject()).api();
  }

  /** The command tree; commands reachable by two paths (images, image ls) appear twice. */
  /** The full command tree, for help and completion. */
  static CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The command tree for {@code args}. Building a picocli model costs reflection per command, so
   * only the command named in {@code args} is built (with root options before it); help, an
   * unknown word and {@code completion} get the whole tree. This keeps {@code berth version} and
   * friends fast, as every command is a fresh JVM.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new BerthCommand());
    String word = args == null ? null : firstCommand(args);
    if (word != null && TOP.containsKey(word)) {
      return cli.addSubcommand(word, TOP.get(word).get());
    }
    if (word != null && cli.getSubcommands().containsKey(word) && !word.equals("completion")) {
      return cli;
    }
    TOP.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    return cli;
  }

  /** The first word after the root options ({@code -H ADDR}), or null. */
  static String firstCommand(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-H") || a.equals("--host")) {
        i++;
      } else if (a.startsWith("-")) {
        if (!a.startsWith("--host=") && !(a.startsWith("-H") && a.length() > 2)) {
          return null;
        }
      } else {
        return a;
      }
    }
    return null;
  }

  private static final Map<String, Supplier<CommandLine>> TOP = new LinkedHashMap<>();

  static {
    TOP.put("attach", () -> new CommandLine(new AttachCommand()));
    TOP.put("container", BerthCommand::container);
    TOP.put("context", () -> new CommandLine(new ContextCommands.Group())
        .addSubcommand("create", new ContextCommands.Create())
        .addSubcommand("inspect", new ContextCommands.Inspect())
        .addSubcommand("ls", new ContextCommands.Ls())
        .addSubcommand("rm", new ContextCommands.Rm())
        .addSubcommand("use", new ContextCommands.Use()));
    TOP.put("create", () -> positional(new CreateCommand()));
    TOP.put("diff", () -> new CommandLine(new ContainerInfoCommands.Diff()));
    TOP.put("exec", () -> positional(new ExecCommand()));
    TOP.put("export", () -> new CommandLine(new ContainerInfoCommands.Export()));
    TOP.put("kill", () -> new CommandLine(new LifecycleCommands.Kill()));
    TOP.put("logs", () -> new CommandLine(new LogsCommand()));
    TOP.put("ps", () -> new CommandLine(new PsCommand()));
    TOP.put("rename", () -> new CommandLine(new ContainerInfoCommands.Rename()));
    TOP.put("restart", () -> new CommandLine(new LifecycleCommands.Restart()));
    TOP.put("rm", () -> new CommandLine(new LifecycleCommands.Rm()));
    TOP.put("run", () -> positional(new RunCommand()));
    TOP.put("start", () -> new CommandLine(new StartCommand()));
    TOP.put("stop", () -> new CommandLine(new LifecycleCommands.Stop()));
    TOP.put("top", () -> positional(new ContainerInfoCommands.Top()));
    TOP.put("wait", () -> new CommandLine(new LifecycleCommands.Wait()));
    TOP.put("pause", () -> new CommandLine(new SupervisionCommands.Pause()));
    TOP.put("unpause", () -> new CommandLine(new SupervisionCommands.Unpause()));
    TOP.put("update", () -> new CommandLine(new SupervisionCommands.Update()));
    TOP.put("stats", () -> new CommandLine(new SupervisionCommands.Stats()));
    TOP.put("events", () -> new CommandLine(new SupervisionCommands.Events()));
    TOP.put("history", () -> new CommandLine(new HistoryCommand()));
    TOP.put("build", () -> new CommandLine(new BuildCommand()));
    TOP.put("commit", () -> new CommandLine(new CommitCommand()));
    TOP.put("image", BerthCommand::image);
    TOP.put("images", () -> new CommandLine(new ImagesCommand()));
    TOP.put("import", () -> new CommandLine(new ImportCommand()));
    TOP.put("inspect", () -> new CommandLine(new InspectCommand()));
    TOP.put("load", () -> new CommandLine(new LoadCommand()));
    TOP.put("rmi", () -> new CommandLine(new RmiCommand()));
    TOP.put("save", () -> new CommandLine(new SaveCommand()));
    TOP.put("system", BerthCommand::system);
    TOP.put("tag", () -> new CommandLine(new TagCommand()));
    TOP.put("network", BerthCommand::network);
    TOP.put("port", () -> new CommandLine(new NetworkCommands.Port()));
    TOP.put("pull", () -> new CommandLine(new PullCommand()));
    TOP.put("push", () -> new CommandLine(new PushCommand()));
    TOP.put("login", () -> new CommandLine(new LoginCommand()));
    TOP.put("logout", () -> new CommandLine(new LogoutCommand()));
    TOP.put("volume", BerthCommand::volume);
    TOP.put("cp", () -> new CommandLine(new CpCommand()));
    TOP.put("compose", io.berth.cli.compose.ComposeCommand::commandLine);
  }

  private static CommandLine network() {
    return new CommandLine(new NetworkCommands.Group())
        .addSubcommand("connect", new NetworkCommands.Connect())
        .addSubcommand("create", new NetworkCommands.Create())
        .addSubcommand("disconnect", new NetworkCommands.Disconnect())
        .addSubcommand("inspect", new NetworkCommands.Inspect())
        .addSubcommand("ls", new NetworkCommands.Ls())
        .addSubcommand("prune", new NetworkCommands.Prune())
        .addSubcommand("rm", new NetworkCommands.Rm());
  }

  private static CommandLine image() {
    return new CommandLine(new ImageCommand())
        .addSubcommand("build", new BuildCommand())
        .addSubcommand("history", new HistoryCommand())
        .addSubcommand("import", new ImportCommand())
        .addSubcommand("inspect", new ImageInspectCommand())
        .addSubcommand("load", new LoadCommand())
        .addSubcommand(named("ls", new ImagesCommand(), "list"))
        .addSubcommand("prune", new ImagePruneCommand())
        .addSubcommand("pull", new PullCommand())
        .addSubcommand("push", new PushCommand())
        .addSubcommand(named("rm", new RmiCommand(), "remove"))
        .addSubcommand("save", new SaveCommand())
        .addSubcommand("tag", new TagCommand());
  }

  private static CommandLine volume() {
    return new CommandLine(new VolumeCommands.Group())
        .addSubcommand("create", new VolumeCommands.Create())
        .addSubcommand("inspect", new VolumeCommands.Inspect())
        .addSubcommand("ls", new VolumeCommands.Ls())
        .addSubcommand("prune", new VolumeCommands.Prune())
        .addSubcommand("rm", new VolumeCommands.Rm());
  }

  private static CommandLine system() {
    return new CommandLine(new SystemCommand())
        .addSubcommand("df", new DfCommand())
        .addSubcommand("events", new SupervisionCommands.Events())
        .addSubcommand("info", new InfoCommand())
        .addSubcommand("prune", new SystemPruneCommand());
  }

  private static CommandLine container() {
    return new CommandLine(new ContainerCommand())
        .addSubcommand("attach", new AttachCommand())
        .addSubcommand("cp", new CpCommand())
        .addSubcommand("create", positional(new CreateCommand()))
        .addSubcommand("commit", new CommitCommand())
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
        .addSubcommand("wait", new LifecycleCommands.Wait())
        .addSubcommand("pause", new SupervisionCommands.Pause())
        .addSubcommand("unpause", new SupervisionCommands.Unpause())
        .addSubcommand("update", new SupervisionCommands.Update())
        .addSubcommand("stats", new SupervisionCommands.Stats());
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
