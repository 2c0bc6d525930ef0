package io.berth.runtime.conmon;

import io.berth.runtime.CreateRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * conmon 2.1.6 command lines, as podman's {@code sharedConmonArgs} builds them
 * ({@code libpod/oci_conmon_common.go}). {@code --api-version 1} makes conmon report the
 * container pid, and then errors as {@code {"data": -1, "message": ...}}, on the sync pipe.
 * {@code --full-attach} puts the attach socket at {@code <bundle>/attach} instead of behind a
 * symlink in {@code --socket-dir-path}; conmon binds it through {@code /proc/self/fd}, so the
 * 108-byte {@code sun_path} limit does not apply (and {@code SeqpacketSocket} connects the same
 * way).
 */
final class ConmonArgs {
  private ConmonArgs() {}

  static List<String> create(Path conmon, RuntimeBinary runtime, Path stateRoot, Path socketDir,
      TaskDir dir, CreateRequest req) {
    List<String> args = common(conmon, runtime, stateRoot, socketDir, dir, req.id(), req.id());
    args.addAll(List.of("--persist-dir", dir.persist().toString(),
        // no log path: the container's log driver is none, conmon keeps nothing
        "-l", req.logPath() == null ? "none" : "k8s-file:" + req.logPath()));
    if (req.logPath() != null && req.logSizeMax() > 0) {
      args.addAll(List.of("--log-size-max", Long.toString(req.logSizeMax())));
    }
    if (req.terminal()) {
      args.add("-t");
    }
    if (req.stdin()) {
      args.add("-i");
      if (!req.stdinOnce() || req.terminal()) {
        // without it conmon closes the container's stdin when any attach client goes away;
        // a terminal's stdin stays open as in Docker (CloseStdin = StdinOnce && !Tty), so a
        // client that detaches (ctrl-p ctrl-q) leaves the shell running
        args.add("--leave-stdin-open");
      }
    }
    return args;
  }

  static List<String> exec(Path conmon, RuntimeBinary runtime, Path stateRoot, Path socketDir,
      TaskDir dir, String containerId, String execId, boolean terminal, boolean stdin) {
    List<String> args = common(conmon, runtime, stateRoot, socketDir, dir, containerId, execId);
    // output only goes to the attach socket; "none" is conmon's no-op log driver
    args.addAll(List.of("-l", "none", "-e", "--exec-attach",
        "--exec-process-spec", dir.processSpec().toString()));
    if (terminal) {
      args.add("-t");
    }
    if (stdin) {
      args.add("-i");
    }
    return args;
  }

  private static List<String> common(Path conmon, RuntimeBinary runtime, Path stateRoot,
      Path socketDir, TaskDir dir, String containerId, String uuid) {
    List<String> args = new ArrayList<>(List.of(conmon.toString(),
        "--api-version", "1", "-c", containerId, "-u", uuid, "-n", containerId,
        "-r", runtime.path().toString(), "-b", dir.bundle().toString(),
        "-p", dir.pidFile().toString(), "--exit-dir", dir.exits().toString(),
        "--socket-dir-path", socketDir.toString(), "--full-attach",
        "--conmon-pidfile", dir.conmonPidFile().toString(), "--log-level", "info"));
    for (String a : runtime.args()) {
      args.addAll(List.of("--runtime-arg", a));
    }
    args.addAll(List.of("--runtime-arg", "--root=" + stateRoot));
    return args;
  }
}
