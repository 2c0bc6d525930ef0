package io.berth.runtime.conmon;

import java.nio.file.Path;

/**
 * Where one conmon keeps its files: {@code <exec-root>/runtime/<id>/} for a container,
 * {@code .../exec/<exec-id>/} for an exec. conmon needs the persist dir to exist before it
 * starts: otherwise it fails to write {@code persist/exit} and exits without writing the
 * exit-dir file either (seen with conmon 2.1.6).
 *
 * @param dir the directory itself
 * @param bundle what conmon gets as {@code -b}: with {@code --full-attach} it binds
 *     {@code attach} there and makes the {@code ctl} and {@code winsz} FIFOs there
 */
record TaskDir(Path dir, Path bundle) {
  static TaskDir container(Path execRoot, String id, Path bundle) {
    return new TaskDir(execRoot.resolve("runtime").resolve(id), bundle);
  }

  static TaskDir exec(TaskDir container, String execId) {
    Path dir = container.dir().resolve("exec").resolve(execId);
    return new TaskDir(dir, dir);
  }

  Path exits() {
    return dir.resolve("exits");
  }

  /** conmon names the exit file after {@code -c}, the container id, also for an exec. */
  Path exitFile(String containerId) {
    return exits().resolve(containerId);
  }

  Path persist() {
    return dir.resolve("persist");
  }

  /** Created (empty) by conmon when the memory cgroup's OOM event fired. */
  Path oomFile() {
    return persist().resolve("oom");
  }

  Path conmonPidFile() {
    return dir.resolve("conmon.pid");
  }

  /** Written by the runtime ({@code create --pid-file}, {@code exec --pid-file}). */
  Path pidFile() {
    return dir.resolve("pidfile");
  }

  Path meta() {
    return dir.resolve("task.json");
  }

  Path processSpec() {
    return dir.resolve("process.json");
  }

  Path attachSocket() {
    return bundle.resolve("attach");
  }

  Path ctlFifo() {
    return bundle.resolve("ctl");
  }

  Path winszFifo() {
    return bundle.resolve("winsz");
  }
}
