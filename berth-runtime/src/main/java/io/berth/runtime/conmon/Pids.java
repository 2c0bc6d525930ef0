package io.berth.runtime.conmon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Pid files and processes that are not our children (conmon daemonizes away from us). */
final class Pids {
  private Pids() {}

  /** The pid in {@code file}, or 0 when it is absent, empty or not a number. */
  static int read(Path file) {
    try {
      return Integer.parseInt(Files.readString(file).strip());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  static boolean alive(int pid) {
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && !zombie(pid);
  }

  /**
   * A daemonized conmon is reparented to the host's init (or a subreaper), which may reap it
   * late; until then it is a zombie that the JDK still calls alive. A zombie runs nothing.
   */
  static boolean zombie(int pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether {@code pid} runs conmon: a pid file from an earlier boot may name a pid that is
   * now someone else's, and that process must not be killed.
   */
  static boolean isConmon(int pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/comm")).strip().equals("conmon");
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGKILLs {@code pid} if alive and waits (bounded) until it is gone. */
  static void kill(int pid) {
    Optional<ProcessHandle> h = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    if (h.isEmpty()) {
      return;
    }
    h.get().destroyForcibly();
    awaitGone(pid, 5_000);
  }

  /** Waits up to {@code millis} for {@code pid} to disappear; true when it did. */
  static boolean awaitGone(int pid, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (alive(pid)) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
