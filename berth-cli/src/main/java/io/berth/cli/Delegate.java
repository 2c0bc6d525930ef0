package io.berth.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@code berth} command against a given daemon, for commands in other packages that
 * act through berth's own (compose's {@code exec} and {@code cp} on a service's container are
 * {@code berth exec} and {@code berth cp}). Returns the exit status the command would end with.
 */
public final class Delegate {
  private Delegate() {}

  public static int run(String host, List<String> args) {
    List<String> all = new ArrayList<>(List.of("-H", host));
    all.addAll(args);
    return Main.run(all.toArray(String[]::new));
  }

  /** The daemon address the command tree rooted at {@code spec} talks to. */
  public static String host(picocli.CommandLine.Model.CommandSpec spec) {
    return ((BerthCommand) spec.root().userObject()).resolveHost();
  }
}
