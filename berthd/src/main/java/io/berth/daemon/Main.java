package io.berth.daemon;

import picocli.CommandLine;

/** berthd's entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new BerthdCommand());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ConfigException || e instanceof StartupException) {
        System.err.println("berthd: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    System.exit(cli.execute(args));
  }
}
