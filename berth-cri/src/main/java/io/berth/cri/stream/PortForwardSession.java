package io.berth.cri.stream;

import io.berth.common.Messages;
import io.berth.cri.stream.SpdyConnection.Stream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Port forwarding over {@code portforward.k8s.io} (client-go's portforward): for every local
 * connection the client opens an error stream, then a data stream, both with the same
 * {@code requestID} and the pod's {@code port}. The data stream is joined to a TCP connection
 * to that port in the pod's network namespace; a failure is written on the error stream.
 * The session lasts until the client closes the connection.
 */
final class PortForwardSession {
  private final SpdyConnection conn;
  private final StreamBackend backend;
  private final String sandboxId;
  private final Map<String, Stream> errors = new ConcurrentHashMap<>();

  PortForwardSession(SpdyConnection conn, StreamBackend backend, String sandboxId) {
    this.conn = conn;
    this.backend = backend;
    this.sandboxId = sandboxId;
  }

  void run() {
    try {
      conn.serve(s -> {
        String type = s.header("streamType");
        if (type.equals("error")) {
          errors.put(s.header("requestID"), s);
        } else if (type.equals("data")) {
          Stream error = errors.remove(s.header("requestID"));
          Thread.ofVirtual().name("port-forward").start(() -> forward(s, error));
        }
      });
    } finally {
      conn.close();
    }
  }

  private void forward(Stream data, Stream error) {
    String port = data.header("port");
    try (Socket tcp = backend.connect(sandboxId, Integer.parseInt(port))) {
      Thread up = Thread.ofVirtual().start(() -> {
        try {
          data.input().transferTo(tcp.getOutputStream());
          tcp.shutdownOutput();
        } catch (IOException e) {
          // the connection went away
        }
      });
      try {
        OutputStream out = data.output();
        byte[] buf = new byte[SpdyFramer.MAX_DATA];
        for (int n = tcp.getInputStream().read(buf); n >= 0; n = tcp.getInputStream().read(buf)) {
          out.write(buf, 0, n);
        }
      } catch (IOException e) {
        // the pod closed or reset it
      }
      data.close();
      up.join(2000);
    } catch (IOException | RuntimeException e) {
      if (error != null) {
        byte[] m = ("error forwarding port " + port + " to pod " + sandboxId + ": "
            + Messages.of(e)).getBytes(StandardCharsets.UTF_8);
        try {
          error.write(m, 0, m.length);
        } catch (IOException ignored) {
          // the client is gone
        }
      }
      data.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (error != null) {
        error.close();
      }
    }
  }
}
