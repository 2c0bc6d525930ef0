package io.berth.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link Main#run} with captured stdout/stderr and a given stdin. */
record Cli(int exit, String out, String err, byte[] outBytes) {
  static Cli run(String host, String stdin, String... args) {
    return run(host, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
  }

  static synchronized Cli run(String host, InputStream stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    all[0] = "-H";
    all[1] = host;
    System.arraycopy(args, 0, all, 2, args.length);
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(stdin);
      int exit = Main.run(all);
      return new Cli(exit, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8), out.toByteArray());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }
}
