package io.berth.runtime.conmon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Undoes everything a task made, also after a failed create: the runtime's state
 * ({@code delete --force} kills what still runs), the monitors, the empty cgroup dirs runc
 * leaves on v1, the files conmon put in the bundle, and the task directory.
 */
final class TaskCleanup {
  private TaskCleanup() {}

  static void run(ConmonEnv env, TaskMeta meta, TaskDir dir) {
    try {
      env.cli().run("delete", "--force", meta.id());
    } catch (RuntimeCli.Failure e) {
      // "container does not exist": never created, or deleted already
    }
    stopMonitor(dir.conmonPidFile());
    Path execs = dir.dir().resolve("exec");
    if (Files.isDirectory(execs)) {
      try (DirectoryStream<Path> all = Files.newDirectoryStream(execs)) {
        for (Path e : all) {
          stopMonitor(e.resolve("conmon.pid"));
        }
      } catch (IOException e) {
        // the tree goes below anyway
      }
    }
    env.cgroups().remove(meta.cgroupsPath());
    for (Path p : new Path[] {dir.attachSocket(), dir.ctlFifo(), dir.winszFifo()}) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // the engine removes the bundle itself
      }
    }
    removeTree(dir.dir());
  }

  /**
   * The directories of execs whose monitor is gone: a berthd that stopped meanwhile never
   * removed them (it forgets its exec instances), and nothing else will until the container
   * goes. One whose monitor has not written its pid file yet is left alone.
   */
  static void removeFinishedExecs(TaskDir container) {
    Path execs = container.dir().resolve("exec");
    if (!Files.isDirectory(execs)) {
      return;
    }
    try (DirectoryStream<Path> all = Files.newDirectoryStream(execs)) {
      for (Path e : all) {
        int pid = Pids.read(e.resolve("conmon.pid"));
        if (Files.exists(e.resolve("conmon.pid")) && !(Pids.alive(pid) && Pids.isConmon(pid))) {
          removeTree(e);
        }
      }
    } catch (IOException | io.berth.common.BerthException e) {
      // left for the container's removal
    }
  }

  /**
   * conmon exits by itself once the container is gone and its output drained; give it a
   * moment, then SIGKILL it so that no monitor outlives its task.
   */
  static void stopMonitor(Path conmonPidFile) {
    int pid = Pids.read(conmonPidFile);
    if (pid > 0 && Pids.isConmon(pid) && !Pids.awaitGone(pid, 2_000)) {
      Pids.kill(pid);
    }
  }

  /**
   * Removes a tree. Part of it may vanish while it is read (an exec's own clean-up racing a
   * reload's): the walk is then read again, a few times at most.
   */
  static void removeTree(Path root) {
    for (int attempt = 1; ; attempt++) {
      if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
        return;
      } catch (java.io.UncheckedIOException | java.nio.file.DirectoryNotEmptyException e) {
        if (attempt == 5) {
          throw io.berth.common.BerthException.internal("remove " + root, e);
        }
      } catch (IOException e) {
        throw io.berth.common.BerthException.internal("remove " + root, e);
      }
    }
  }
}
