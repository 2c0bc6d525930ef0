package io.berth.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The training run of the CLI's JDK AOT cache ({@code scripts/aot-train.sh}): one JVM runs the
 * commands whose start bench/ measures ({@code version}, {@code run --rm}) and a few common
 * ones, so the cache holds the classes and profiles of all of them, not of one command only.
 * The cache is checked against the class path, not the main class, so {@code berth} uses it.
 * Usage: {@code AotTraining <daemon host>}; output is discarded.
 */
public final class AotTraining {
  private AotTraining() {}

  public static void main(String[] args) {
    String host = args[0];
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    System.setOut(nowhere);
    System.setErr(nowhere);
    String[][] commands = {
      {"-H", host, "version"},
      {"-H", host, "images"},
      {"-H", host, "ps", "-a"},
      {"-H", host, "run", "--rm", "--network", "none", "busybox", "true"},
      {"-H", host, "run", "--rm", "--network", "none", "busybox", "echo", "trained"},
      {"-H", host, "version"},
    };
    int failed = 0;
    for (String[] c : commands) {
      try {
        failed += Main.run(c) == 0 ? 0 : 1;
      } catch (RuntimeException e) {
        failed++;
      }
    }
    System.setOut(out);
    System.setErr(err);
    System.err.println("AOT training of the CLI: " + (commands.length - failed) + " of "
        + commands.length + " commands ran");
  }
}
