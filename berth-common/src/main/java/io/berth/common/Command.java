package io.berth.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the standard tools berth drives ({@code ip}, {@code nft}, {@code unshare},
 * {@code nsenter}, {@code mount}, {@code useradd}) and turns a failure into an error that names
 * the command and quotes its stderr.
 */
public final class Command {
  private Command() {}

  /** Runs {@code args} with {@code stdin} (may be null); its stdout, or an Internal error. */
  public static String run(String stdin, String... args) {
    Result r = tryRun(stdin, args);
    if (r.code() != 0) {
      throw BerthException.internal(String.join(" ", args) + ": " + r.err().strip(), null);
    }
    return r.out();
  }

  /** Runs {@code args}; the exit code and outputs, never an exception for a non-zero exit. */
  public static Result tryRun(String stdin, String... args) {
    ProcessBuilder pb = new ProcessBuilder(List.of(args));
    pb.redirectErrorStream(false);
    long t0 = System.nanoTime();
    try {
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw BerthException.internal(args[0] + " timed out", null);
      }
      Phases.process(pb.command(), t0);
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw BerthException.internal("run " + args[0] + ": " + Messages.of(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.internal("run " + args[0] + ": interrupted", e);
    }
  }

  public record Result(int code, String out, String err) {}
}
