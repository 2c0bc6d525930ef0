package io.berth.cli;

import picocli.CommandLine;

/** The {@code berth} entry point: errors go to stderr, with exit 1 unless a command says otherwise. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    CommandLine cli = BerthCommand.commandLine();
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CliException c) {
        System.out.flush();
        if (!e.getMessage().isEmpty()) {
          System.err.println(e.getMessage());
        }
        return c.exitCode();
      }
      throw e;
    });
    return cli.execute(args);
  }
}
