package io.berth.cli;

import picocli.CommandLine;

/** The {@code berth} entry point: errors are one line on stderr and exit 1. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    CommandLine cli = BerthCommand.commandLine();
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CliException) {
        System.out.flush();
        System.err.println(e.getMessage());
        return 1;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
