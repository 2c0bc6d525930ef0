package io.berth.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A small C program from the test resources, built static with Debian's gcc, to run inside a
 * busybox container (bind-mounted). Skips the test, with the reason, when gcc or libc6-dev
 * (static libc) is missing.
 */
final class StaticTool {
  private StaticTool() {}

  /** Builds {@code /<resource>} into {@code dir/<name>} and returns that binary's path. */
  static Path build(String resource, Path dir, String name) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
    Path source = copy(resource, dir);
    Path binary = dir.resolve(name);
    Cmd.Result cc = Cmd.run(Map.of(), null, List.of("/usr/bin/gcc", "-static", "-O2", "-o",
        binary.toString(), source.toString()));
    assumeTrue(cc.code() == 0, "gcc -static failed (libc6-dev missing?): " + cc.all());
    return binary;
  }

  /** Copies test resource {@code /<resource>} into {@code dir}, under its own file name. */
  static Path copy(String resource, Path dir) throws Exception {
    Files.createDirectories(dir);
    Path p = dir.resolve(Path.of(resource).getFileName().toString());
    try (var in = StaticTool.class.getResourceAsStream("/" + resource)) {
      Files.copy(in, p);
    }
    return p;
  }
}
