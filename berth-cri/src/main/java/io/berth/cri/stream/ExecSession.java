package io.berth.cri.stream;

import io.berth.cri.stream.SpdyConnection.Stream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Exec and attach over {@code v4.channel.k8s.io} (client-go's remotecommand): the client opens
 * one stream per channel, named by its {@code streamType} header — error, and stdin, stdout,
 * stderr (not with a terminal) and resize (with one) as the request asked for. The process's
 * output goes to stdout/stderr, which are then closed; last the error stream carries a
 * {@code metav1.Status}: Success, or Failure with reason NonZeroExitCode and the exit code.
 * The resize stream's sizes go to the process's terminal ({@link TerminalSizes}).
 */
final class ExecSession {
  private static final long STREAMS_WAIT_SECONDS = 30;
  /** How long the client has to close the connection once it has its answer. */
  private static final long CLOSE_WAIT_MILLIS = 2000;

  private final SpdyConnection conn;
  private final StreamBackend backend;
  private final StreamingServer.Request req;

  ExecSession(SpdyConnection conn, StreamBackend backend, StreamingServer.Request req) {
    this.conn = conn;
    this.backend = backend;
    this.req = req;
  }

  void run() {
    Map<String, Stream> streams = new ConcurrentHashMap<>();
    int expected = 1 + (req.stdin() ? 1 : 0) + (req.stdout() ? 1 : 0)
        + (req.stderr() && !req.tty() ? 1 : 0) + (req.tty() ? 1 : 0);
    CountDownLatch all = new CountDownLatch(expected);
    Thread reader = Thread.ofVirtual().name("spdy-read").start(() -> conn.serve(s -> {
      if (streams.putIfAbsent(s.header("streamType"), s) == null) {
        all.countDown();
      }
    }));
    try {
      if (!all.await(STREAMS_WAIT_SECONDS, TimeUnit.SECONDS)) {
        return;
      }
      Stream resize = streams.get("resize");
      TerminalSizes sizes = resize == null ? null : new TerminalSizes(resize.input());
      Stream stdin = streams.get("stdin");
      Stream stdout = streams.get("stdout");
      Stream stderr = streams.get("stderr");
      String status;
      try {
        if (req.kind().equals("attach")) {
          backend.attach(req.id(), req.tty(), stdin == null ? null : stdin.input(),
              stdout == null ? null : stdout.output(), stderr == null ? null : stderr.output(),
              sizes);
          status = success();
        } else {
          int code = backend.exec(req.id(), req.cmd(), req.tty(),
              stdin == null ? null : stdin.input(), stdout == null ? null : stdout.output(),
              stderr == null ? null : stderr.output(), sizes);
          status = code == 0 ? success() : exitCode(code);
        }
      } catch (IOException | RuntimeException e) {
        status = failure(e.getMessage() == null ? e.toString() : e.getMessage());
      }
      for (Stream s : new Stream[] {stdout, stderr}) {
        if (s != null) {
          s.close();
        }
      }
      Stream error = streams.get("error");
      try {
        byte[] b = status.getBytes(StandardCharsets.UTF_8);
        error.write(b, 0, b.length);
      } catch (IOException e) {
        return;
      }
      error.close();
      reader.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      conn.close();
    }
  }

  static String success() {
    return "{\"metadata\":{},\"status\":\"Success\"}";
  }

  static String exitCode(int code) {
    return "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with"
        + " non-zero exit code: error executing command, exit code " + code + "\","
        + "\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\","
        + "\"message\":\"" + code + "\"}]}}";
  }

  static String failure(String message) {
    return "{\"metadata\":{},\"status\":\"Failure\",\"message\":"
        + com.fasterxml.jackson.databind.node.TextNode.valueOf(message).toString() + "}";
  }
}
