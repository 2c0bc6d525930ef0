package io.berth.cli.compose;

import io.berth.cli.Api;
import io.berth.cli.DaemonClient;
import io.berth.cli.Delegate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code berth compose} (and {@code docker compose} through {@link Plugin}): the project options
 * every subcommand shares, and the subcommand tree. A subcommand asks for a {@link Session}.
 */
@Command(name = "compose", mixinStandardHelpOptions = true,
    versionProvider = ComposeCommand.Version.class,
    description = "Define and run multi-container applications with Docker")
public final class ComposeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--file"}, paramLabel = "stringArray", description = "Compose configuration files")
  List<String> files = new ArrayList<>();

  @Option(names = {"-p", "--project-name"}, paramLabel = "string", description = "Project name")
  String projectName;

  @Option(names = "--project-directory", paramLabel = "string",
      description = "Specify an alternate working directory (default: the path of the first"
          + " specified Compose file)")
  String projectDirectory;

  @Option(names = "--env-file", paramLabel = "stringArray",
      description = "Specify an alternate environment file")
  List<String> envFiles = new ArrayList<>();

  @Option(names = "--profile", paramLabel = "stringArray",
      description = "Specify a profile to enable")
  List<String> profiles = new ArrayList<>();

  @Option(names = "--ansi", paramLabel = "string", defaultValue = "auto",
      description = "Control when to print ANSI control characters (\"never\"|\"always\"|\"auto\")")
  String ansi;

  @Option(names = "--progress", paramLabel = "string", description = "Set type of progress output")
  String progress;

  @Option(names = "--parallel", paramLabel = "int", description = "Control max parallelism")
  Integer parallel;

  /** The daemon when run as the docker CLI plugin (set by {@link Plugin}); else berth's. */
  String pluginHost;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  String host() {
    if (pluginHost != null) {
      return pluginHost;
    }
    return Delegate.host(spec);
  }

  Session session() {
    return new Session(this, new Engine(new Api(new DaemonClient(host()))));
  }

  ProjectLoader.Options options() {
    return new ProjectLoader.Options(files, projectName, projectDirectory, envFiles, profiles,
        System.getenv(), Path.of("").toAbsolutePath());
  }

  boolean colour() {
    return switch (ansi) {
      case "never" -> false;
      case "always" -> true;
      default -> System.console() != null && System.getenv("NO_COLOR") == null;
    };
  }

  /** The {@code compose} command tree, below {@code berth}. */
  public static CommandLine commandLine() {
    return commandLine(new ComposeCommand());
  }

  static CommandLine commandLine(ComposeCommand root) {
    CommandLine c = new CommandLine(root);
    c.addSubcommand("up", new UpCommand());
    c.addSubcommand("down", new DownCommand());
    c.addSubcommand("ps", new PsCommand());
    c.addSubcommand("ls", new LsCommand());
    c.addSubcommand("logs", new LogsCommand());
    c.addSubcommand("config", new ConfigCommand());
    c.addSubcommand("start", new LifecycleCommands.Start());
    c.addSubcommand("stop", new LifecycleCommands.Stop());
    c.addSubcommand("restart", new LifecycleCommands.Restart());
    c.addSubcommand("kill", new LifecycleCommands.Kill());
    c.addSubcommand("pause", new LifecycleCommands.Pause());
    c.addSubcommand("unpause", new LifecycleCommands.Unpause());
    c.addSubcommand("rm", new LifecycleCommands.Rm());
    c.addSubcommand("wait", new LifecycleCommands.Wait());
    c.addSubcommand("exec", new CommandLine(new ExecCommand()).setStopAtPositional(true));
    c.addSubcommand("run", new CommandLine(new RunCommand()).setStopAtPositional(true));
    c.addSubcommand("cp", new ContainerCommands.Cp());
    c.addSubcommand("top", new ContainerCommands.Top());
    c.addSubcommand("port", new ContainerCommands.Port());
    c.addSubcommand("events", new EventsCommand());
    c.addSubcommand("build", new ImageCommands.Build());
    c.addSubcommand("pull", new ImageCommands.Pull());
    c.addSubcommand("push", new ImageCommands.Push());
    c.addSubcommand("images", new ImageCommands.Images());
    c.addSubcommand("version", new Version());
    return c;
  }

  /** {@code compose version}: "Docker Compose version v2.x" as the plugin answers it. */
  @Command(name = "version", description = "Show the Docker Compose version information")
  static final class Version implements Runnable, CommandLine.IVersionProvider {
    @Option(names = "--short", description = "Shows only Compose's version number")
    boolean shortForm;

    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format the output")
    String format;

    @Override
    public void run() {
      if (shortForm) {
        System.out.println(Labels.COMPOSE_VERSION);
      } else if ("json".equals(format)) {
        System.out.println("{\"version\":\"v" + Labels.COMPOSE_VERSION + "\"}");
      } else {
        System.out.println(getVersion()[0]);
      }
    }

    @Override
    public String[] getVersion() {
      return new String[] {"Docker Compose version v" + Labels.COMPOSE_VERSION + " (berth)"};
    }
  }
}
