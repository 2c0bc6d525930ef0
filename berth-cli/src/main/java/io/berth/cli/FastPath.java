package io.berth.cli;

/**
 * Commands answered without building a picocli model: every {@code berth} is a fresh JVM, and
 * picocli's reflective model is most of a short command's CPU (ADR 0142). Only the plain forms
 * are taken here ({@code berth [-H ADDR] version}); anything else, a flag more or a typo, goes
 * through picocli, which owns help and errors.
 */
final class FastPath {
  private FastPath() {}

  /** The exit code if {@code args} is a form this class answers, else null. */
  static Integer run(String[] args) {
    String host = null;
    int i = 0;
    if (args.length == 3 && (args[0].equals("-H") || args[0].equals("--host"))
        && !args[1].startsWith("-")) {
      host = args[1];
      i = 2;
    } else if (args.length == 2 && args[0].startsWith("--host=")) {
      host = args[0].substring("--host=".length());
      i = 1;
    }
    if (args.length != i + 1 || !args[i].equals("version")) {
      return null;
    }
    String resolved = Contexts.host(host);
    return VersionCommand.print(System.out,
        () -> new Api(new DaemonClient(resolved)).get(Api.V + "/version"));
  }
}
