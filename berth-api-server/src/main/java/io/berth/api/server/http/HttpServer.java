package io.berth.api.server.http;

import io.berth.api.model.ApiVersion;
import io.berth.api.model.ErrorResponse;
import io.berth.api.model.Json;
import io.berth.common.BerthException;
import io.berth.common.BoundedInputStream;
import io.berth.common.Messages;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server: one virtual thread per connection, keep-alive, chunked bodies both
 * ways, and connection hijacking. See docs/adr/0002-http-server.md for why not Jetty or Netty.
 *
 * <p>A connection must deliver each request head in time: the first within the header timeout
 * from accept (which covers a TLS handshake), later ones within the idle timeout from the end
 * of the previous response (Go's {@code ReadHeaderTimeout} and {@code IdleTimeout}). Nothing
 * limits a request once its head is read, so attach, {@code logs -f} and events live on.
 */
public final class HttpServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("berth.api");
  /** How long a new connection may take to send its first request head. */
  public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(30);
  /** How long a kept-alive connection may wait for its next request. */
  public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);

  private final Router router;
  private final Map<String, String> commonHeaders;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Duration headerTimeout;
  private final Duration idleTimeout;
  private final ScheduledThreadPoolExecutor deadlines;
  private volatile boolean closed;
  private volatile HttpObserver observer = HttpObserver.NONE;

  /**
   * @param serverVersion berth's version, sent in the {@code Server} header
   */
  public HttpServer(Router router, String serverVersion) {
    this(router, serverVersion, HEADER_TIMEOUT, IDLE_TIMEOUT);
  }

  /** A server with its own head timeouts (tests use short ones). */
  public HttpServer(Router router, String serverVersion, Duration headerTimeout,
      Duration idleTimeout) {
    this.router = router;
    this.headerTimeout = headerTimeout;
    this.idleTimeout = idleTimeout;
    this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "http-deadlines");
      t.setDaemon(true);
      return t;
    });
    deadlines.setRemoveOnCancelPolicy(true);
    this.commonHeaders = Map.of(
        "Api-Version", ApiVersion.CURRENT.toString(),
        "Server", "Berth/" + serverVersion + " (linux)",
        "Ostype", "linux",
        "Docker-Experimental", "false");
  }

  /** Reports connections and requests to {@code o} from now on. */
  public void observe(HttpObserver o) {
    observer = o;
  }

  /** Serves {@code listener} on a virtual thread until {@link #close()}. */
  public void serve(Listener listener) {
    listeners.add(listener);
    Thread.ofVirtual().name("accept-" + listener.address()).start(() -> acceptLoop(listener));
  }

  private void acceptLoop(Listener listener) {
    while (!closed) {
      Connection conn;
      try {
        conn = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(Level.ERROR, "accept on " + listener.address() + " failed: " + e);
        }
        return;
      }
      Thread.ofVirtual().name("conn").start(() -> handle(conn));
    }
  }

  private void handle(Connection conn) {
    HttpObserver o = observer;
    o.connectionOpened();
    try {
      serveConnection(conn);
    } finally {
      o.connectionClosed();
    }
  }

  private void serveConnection(Connection conn) {
    try (conn) {
      InputStream in = new BufferedInputStream(conn.input(), 16 * 1024);
      OutputStream out = new BufferedOutputStream(conn.output(), 16 * 1024);
      Duration timeout = headerTimeout;
      while (!closed) {
        Request request;
        ScheduledFuture<?> deadline = deadlines.schedule(() -> abort(conn),
            timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
          request = RequestReader.read(in);
        } catch (EOFException e) {
          return;
        } catch (RequestReader.MalformedRequest e) {
          deadline.cancel(false);
          writeGoError(out, e);
          lingerAndClose(conn, in);
          return;
        } catch (BerthException e) {
          deadline.cancel(false);
          writeBare(out, 400, ErrorStatus.message(e));
          lingerAndClose(conn, in);
          return;
        } finally {
          deadline.cancel(false);
        }
        timeout = idleTimeout;
        if (!dispatch(request, conn, in, out)) {
          if (pending(request.body())) {
            lingerAndClose(conn, in); // the client may still be sending what was not read
          }
          return;
        }
        if (!drain(request.body())) {
          return;
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "connection ended: " + e);
    }
  }

  /** True when a request body has bytes the handler did not read. */
  private static boolean pending(InputStream body) {
    return body instanceof BoundedInputStream b ? b.remaining() > 0
        : body instanceof ChunkedInputStream c && !c.finished();
  }

  /**
   * Ends the output and reads what the client still sends, for five seconds at most, before
   * the close: closing a socket with unread input resets it, and the client would lose the
   * answer it was sent (Go's {@code closeWriteAndWait}).
   */
  private void lingerAndClose(Connection conn, InputStream in) {
    ScheduledFuture<?> stop = deadlines.schedule(() -> abort(conn), 5, TimeUnit.SECONDS);
    try {
      conn.shutdownOutput();
      byte[] buf = new byte[64 * 1024];
      while (in.read(buf) > 0) {
        // discard
      }
    } catch (IOException e) {
      // the client went away or the half second passed: close either way
    } finally {
      stop.cancel(false);
    }
  }

  /** Closes a connection whose request head did not arrive in time; its reader sees EOF. */
  private static void abort(Connection conn) {
    LOG.log(Level.DEBUG, "closing " + conn.describe() + ": no request head in time");
    try {
      conn.abort();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing a timed-out connection: " + e);
    }
  }

  /** Runs one request; false when the connection cannot be reused. */
  private boolean dispatch(Request request, Connection conn, InputStream in, OutputStream out) {
    long start = System.nanoTime();
    Router.Match match = router.match(request.method(), request.path());
    Exchange ex = new Exchange(request, match == null ? Map.of() : match.params(), conn, in, out,
        commonHeaders);
    try {
      checkVersion(request);
      if (match == null) {
        throw BerthException.notFound("page not found");
      }
      match.route().handler().handle(ex);
      if (!ex.committed()) {
        throw new IllegalStateException("handler wrote no response");
      }
    } catch (Throwable t) {
      fail(ex, t);
    }
    long took = System.nanoTime() - start;
    observer.requestDone(request.method(), match == null ? null : match.route().pattern(),
        ex.status(), took);
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, String.format("%s %s %d %.1fms", request.method(), request.rawTarget(),
          ex.status(), took / 1e6));
    }
    return ex.keepAlive();
  }

  /** A write to a peer that closed its end: EPIPE or ECONNRESET, possibly wrapped. */
  static boolean clientGone(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.io.IOException && c.getMessage() != null
          && (c.getMessage().contains("Broken pipe")
              || c.getMessage().contains("Connection reset by peer"))) {
        return true;
      }
    }
    return false;
  }

  private static void fail(Exchange ex, Throwable t) {
    int status = ErrorStatus.of(t);
    if (clientGone(t)) {
      // the client hung up (docker run -d drops its wait request): nothing to answer, no error
      LOG.log(Level.DEBUG, ex.request().method() + " " + ex.request().path()
          + ": client went away: " + Messages.of(t));
      return;
    }
    if (ErrorStatus.logged(t)) {
      LOG.log(Level.ERROR, "handler error on " + ex.request().method() + " "
          + ex.request().path(), t);
    }
    if (ex.committed()) {
      return;
    }
    try {
      if (status == 304) {
        ex.empty(304);
      } else {
        ex.json(status, new ErrorResponse(ErrorStatus.message(t)));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "could not send error: " + e);
    }
  }

  private static void checkVersion(Request r) {
    if (!r.versioned()) {
      return;
    }
    if (r.version().compareTo(ApiVersion.CURRENT) > 0) {
      throw BerthException.invalid("client version " + r.version()
          + " is too new. Maximum supported API version is " + ApiVersion.CURRENT);
    }
    if (r.version().compareTo(ApiVersion.MINIMUM) < 0) {
      throw BerthException.invalid("client version " + r.version()
          + " is too old. Minimum supported API version is " + ApiVersion.MINIMUM
          + ", please upgrade your client to a newer version");
    }
  }

  /** Skips what the handler left of the body so the next request starts at its head. */
  private static boolean drain(InputStream body) {
    try {
      body.transferTo(OutputStream.nullOutputStream());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Go's answer to a request it cannot parse: plain text, no API headers, connection closed. */
  private static void writeGoError(OutputStream out, RequestReader.MalformedRequest e)
      throws IOException {
    String head = "HTTP/1.1 " + e.status + " " + e.statusText()
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";
    out.write((head + e.body).getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private void writeBare(OutputStream out, int status, String message) throws IOException {
    String body = "{\"message\":" + Json.MAPPER.writeValueAsString(message) + "}\n";
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
        .append(Reasons.of(status)).append("\r\n");
    commonHeaders.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    sb.append("Content-Type: application/json\r\nContent-Length: ")
        .append(body.getBytes(StandardCharsets.UTF_8).length)
        .append("\r\nConnection: close\r\n\r\n").append(body);
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    closed = true;
    deadlines.shutdownNow();
    for (Listener l : listeners) {
      try {
        l.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "closing " + l.address() + ": " + e);
      }
    }
  }
}
