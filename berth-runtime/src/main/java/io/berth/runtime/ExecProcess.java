package io.berth.runtime;

import java.util.concurrent.CompletableFuture;

/** A process started by {@link Task#exec}, with its own monitor, stdio and exit code. */
public interface ExecProcess {
  String execId();

  int pid();

  /** Connects to the exec's stdio; must be called before {@link #exit()} completes to see output. */
  AttachStream attach();

  void resize(int height, int width);

  void kill(int signal);

  CompletableFuture<ExitStatus> exit();
}
