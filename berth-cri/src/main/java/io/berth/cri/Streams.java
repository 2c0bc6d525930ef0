package io.berth.cri;

import io.berth.common.StdStream;
import io.berth.cri.stream.StreamBackend;
import io.berth.cri.stream.TerminalSizes;
import io.berth.engine.OutputSink;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;

/** The streaming server's backend: exec, attach and TCP into the pod, through the engine. */
final class Streams implements StreamBackend {
  private final EngineAdapter engine;
  private final PodContainers containers;
  private final Pods pods;

  Streams(EngineAdapter engine, PodContainers containers, Pods pods) {
    this.engine = engine;
    this.containers = containers;
    this.pods = pods;
  }

  @Override
  public int exec(String containerId, List<String> cmd, boolean tty, InputStream stdin,
      OutputStream stdout, OutputStream stderr, TerminalSizes sizes) throws IOException {
    return engine.execStreaming(containers.get(containerId).container().id(), cmd, tty, stdin,
        sink(stdout, stderr), sizes == null ? null : sizes::forEach);
  }

  @Override
  public void attach(String containerId, boolean tty, InputStream stdin, OutputStream stdout,
      OutputStream stderr, TerminalSizes sizes) throws IOException {
    // as containerd: the attach ends when the client's stdin does (the process goes on)
    Thread self = Thread.currentThread();
    InputStream in = stdin == null ? null : new FilterInputStream(stdin) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
          self.interrupt();
        }
        return n;
      }
    };
    try {
      engine.attach(containers.get(containerId).container().id(), stdin != null, stdout != null,
          stderr != null, in, sink(stdout, stderr), sizes == null ? null : sizes::forEach);
    } catch (java.io.InterruptedIOException e) {
      Thread.interrupted(); // the client's stdin ended: the attach is over
    }
  }

  /**
   * Localhost inside the pod's network namespace (the node's for a host-network pod), as
   * containerd dials it: a server in the pod that listens on 127.0.0.1 only is reached too.
   */
  @Override
  public Socket connect(String sandboxId, int port) throws IOException {
    return engine.connect(pods.get(sandboxId).id(), port).socket();
  }

  private static OutputSink sink(OutputStream stdout, OutputStream stderr) {
    return new OutputSink() {
      @Override
      public void write(StdStream stream, byte[] data) throws IOException {
        OutputStream o = stream == StdStream.STDERR && stderr != null ? stderr : stdout;
        if (o != null) {
          o.write(data);
        }
      }
    };
  }
}
