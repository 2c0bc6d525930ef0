package io.berth.runtime.conmon;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.common.Phases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code <runtime> [global args] --root <state> <subcommand> ...} directly, for the
 * short lifecycle commands that need no monitor: start, kill, pause, resume, state, delete.
 */
final class RuntimeCli {
  /** runc logs errors as logrus text: {@code time="..." level=error msg="..."}. */
  private static final Pattern MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final RuntimeBinary binary;
  private final Path stateRoot;

  RuntimeCli(RuntimeBinary binary, Path stateRoot) {
    this.binary = binary;
    this.stateRoot = stateRoot;
  }

  /** A failed command, with the runtime's own words. */
  static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  /** Runs the subcommand; returns stdout, or throws with the runtime's error text. */
  String run(String... subcommand) throws Failure {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.path().toString());
    cmd.addAll(binary.args());
    cmd.add("--root=" + stateRoot);
    cmd.addAll(List.of(subcommand));
    long t0 = System.nanoTime();
    try {
      Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(
          Path.of("/dev/null").toFile())).start();
      byte[][] errBox = new byte[1][];
      Thread err = Thread.ofVirtual().start(() -> {
        try {
          errBox[0] = p.getErrorStream().readAllBytes();
        } catch (IOException e) {
          errBox[0] = new byte[0];
        }
      });
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new Failure(String.join(" ", subcommand) + ": timed out");
      }
      err.join();
      Phases.process(List.of(binary.path().getFileName().toString(), subcommand[0]), t0);
      if (p.exitValue() != 0) {
        throw new Failure(message(new String(errBox[0], StandardCharsets.UTF_8)));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BerthException.Unavailable("run " + binary.path() + ": " + Messages.of(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.internal("interrupted running " + binary.path(), e);
    }
  }

  /**
   * The human part of a runtime's stderr: the last logrus {@code msg="..."} unescaped (runc),
   * else the trimmed text (crun prints plain {@code crun: ...} lines).
   */
  static String message(String stderr) {
    Matcher m = MSG.matcher(stderr);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    if (last == null) {
      return stderr.strip();
    }
    return last.replaceAll("\\\\(.)", "$1");
  }
}
