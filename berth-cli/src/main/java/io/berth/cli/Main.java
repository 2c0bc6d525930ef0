package io.berth.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The {@code berth} entry point: errors go to stderr, with exit 1 unless a command says otherwise. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    try {
      Integer fast = FastPath.run(args);
      if (fast != null) {
        return fast;
      }
    } catch (CliException e) {
      return failed(e);
    }
    CommandLine cli = BerthCommand.commandLine(args);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CliException c) {
        return failed(c);
      }
      throw e;
    });
    cli.setParameterExceptionHandler(Main::usageError);
    return cli.execute(args);
  }

  private static int failed(CliException e) {
    System.out.flush();
    if (!e.getMessage().isEmpty()) {
      System.err.println(e.getMessage());
    }
    return e.exitCode();
  }

  /**
   * Bad flags and arguments in docker's (cobra's) words: an unknown or malformed flag exits 125,
   * missing arguments exit 1, both with the help hint.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    String name = e.getCommandLine().getCommandSpec().qualifiedName(" ");
    PrintStream err = System.err;
    if (e instanceof CommandLine.MissingParameterException
        && !e.getCommandLine().getCommandSpec().positionalParameters().isEmpty()
        && ((CommandLine.MissingParameterException) e).getMissing().stream()
            .allMatch(a -> a instanceof PositionalParamSpec)) {
      err.println(name.split(" ")[0] + ": '" + name + "' requires " + arity(e.getCommandLine())
          + "\n\nSee '" + name + " --help' for more information");
      return 1;
    }
    String message = e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
        && u.getUnmatched().getFirst().startsWith("-")) {
      message = "unknown flag: " + u.getUnmatched().getFirst();
    }
    err.println(message + "\n\nUsage:  " + usageLine(e.getCommandLine().getCommandSpec())
        + "\n\nRun '" + name + " --help' for more information");
    return 125;
  }

  /** cobra's Use line: {@code berth rm [OPTIONS] CONTAINER [CONTAINER...]}. */
  static String usageLine(CommandLine.Model.CommandSpec spec) {
    StringBuilder b = new StringBuilder(spec.qualifiedName(" ")).append(" [OPTIONS]");
    for (PositionalParamSpec p : spec.positionalParameters()) {
      String label = p.paramLabel().replaceAll("[<>]", "");
      boolean many = p.isMultiValue();
      if (many && "COMMAND".equals(label)) {
        b.append(" [COMMAND] [ARG...]");
      } else if (p.arity().min() == 0) {
        b.append(" [").append(label).append(many ? "...]" : "]");
      } else {
        b.append(' ').append(label).append(many ? " [" + label + "...]" : "");
      }
    }
    return b.toString();
  }

  /** "exactly 1 argument", "at least 1 argument", "at least 2 arguments". */
  private static String arity(CommandLine cmd) {
    int min = 0;
    boolean bounded = true;
    for (PositionalParamSpec p : cmd.getCommandSpec().positionalParameters()) {
      min += p.arity().min();
      bounded &= !p.arity().isUnresolved() && p.arity().max() == p.arity().min();
    }
    return (bounded ? "exactly " : "at least ") + min + (min == 1 ? " argument" : " arguments");
  }
}
