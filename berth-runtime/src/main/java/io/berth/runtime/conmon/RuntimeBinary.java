package io.berth.runtime.conmon;

import java.nio.file.Path;
import java.util.List;

/**
 * An OCI runtime executable (runc, crun, or one named in daemon.json) and the global options
 * given before every subcommand, such as {@code --systemd-cgroup}. {@code --root} is added by
 * {@link ConmonRuntime} itself.
 */
public record RuntimeBinary(Path path, List<String> args) {
  public RuntimeBinary {
    args = List.copyOf(args);
  }

  public static RuntimeBinary of(String path) {
    return new RuntimeBinary(Path.of(path), List.of());
  }
}
