package io.berth.cri.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;

/** What the streaming server asks of the runtime: run, attach, connect. */
public interface StreamBackend {
  /**
   * Runs {@code cmd} in the container with the given streams (null: not attached) until it
   * exits; its exit code. {@code sizes} (null without a terminal) are the client's terminal
   * sizes, to be applied to the process's terminal as they come.
   */
  int exec(String containerId, List<String> cmd, boolean tty, InputStream stdin,
      OutputStream stdout, OutputStream stderr, TerminalSizes sizes) throws IOException;

  /** Attaches to the container's main process until its output ends or stdin does. */
  void attach(String containerId, boolean tty, InputStream stdin, OutputStream stdout,
      OutputStream stderr, TerminalSizes sizes) throws IOException;

  /** A TCP connection to {@code port} in the pod's network namespace. */
  Socket connect(String sandboxId, int port) throws IOException;
}
