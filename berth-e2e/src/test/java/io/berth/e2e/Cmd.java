package io.berth.e2e;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command (docker, berth, curl) and captures its output and exit code. */
final class Cmd {
  private Cmd() {}

  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static Result run(Map<String, String> env, File stdin, List<String> command) throws Exception {
    return run(env, stdin, command, 90);
  }

  /** As {@link #run(Map, File, List)}, with a time limit other than 90 s. */
  static Result run(Map<String, String> env, File stdin, List<String> command, int seconds)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    if (stdin != null) {
      pb.redirectInput(stdin);
    } else {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread outPump = pump(p.getInputStream(), out);
    Thread errPump = pump(p.getErrorStream(), err);
    // The timeout covers the whole run: a child that hangs with its output open fails the test
    // instead of blocking it forever.
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException("timed out after " + seconds + " s: " + command
          + "\nstdout: " + out.toString(StandardCharsets.UTF_8)
          + "\nstderr: " + err.toString(StandardCharsets.UTF_8));
    }
    outPump.join(TimeUnit.SECONDS.toMillis(10));
    errPump.join(TimeUnit.SECONDS.toMillis(10));
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private static Thread pump(java.io.InputStream in, ByteArrayOutputStream to) {
    return Thread.ofVirtual().start(() -> {
      try {
        in.transferTo(to);
      } catch (IOException e) {
        // process gone
      }
    });
  }

  static Result docker(Berthd d, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(dockerBinary(), "-H", d.host()));
    cmd.addAll(List.of(args));
    return run(Map.of("DOCKER_CONFIG", d.dir.resolve("docker-config").toString()), null, cmd);
  }

  /** The berth CLI, from the test class path, as bin/berth runs it. */
  static Result berth(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Berthd.java(), "-cp",
        System.getProperty("java.class.path"), "io.berth.cli.Main"));
    cmd.addAll(List.of(args));
    return run(env, null, cmd);
  }

  /** The real docker CLI: /usr/local/bin/docker (28.x) or Debian's /usr/bin/docker. */
  static String dockerBinary() {
    for (String p : List.of("/usr/local/bin/docker", "/usr/bin/docker")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return null;
  }
}
