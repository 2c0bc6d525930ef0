package io.berth.common;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * The text of an exception as a person should read it: its own message, else the first of its
 * causes', else words for what its type means (Go's words where dockerd has some: {@code
 * connection refused}, {@code i/o timeout}, {@code unexpected EOF}), else {@link #INTERNAL}.
 * Never a Java class name: many JDK exceptions carry no message ({@code ConnectException} from
 * the HTTP client), and a wrapper made from a cause alone has {@code cause.toString()} as its
 * message ({@code java.net.ConnectException}).
 */
public final class Messages {
  /** The text of an exception that says nothing about itself; its trace is in the log. */
  public static final String INTERNAL = "internal error (the daemon's log has the details)";

  private Messages() {}

  public static String of(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (hasOwnMessage(c)) {
        return c.getMessage();
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      String w = words(c);
      if (w != null) {
        return w;
      }
    }
    return INTERNAL;
  }

  /** Whether {@code t} says something of its own (not nothing, nor its cause's class name). */
  public static boolean hasOwnMessage(Throwable t) {
    String m = t.getMessage();
    return m != null && !m.isBlank()
        && (t.getCause() == null || !m.equals(t.getCause().toString()));
  }

  private static String words(Throwable t) {
    return switch (t) {
      case HttpTimeoutException x -> "i/o timeout";
      case SocketTimeoutException x -> "i/o timeout";
      case TimeoutException x -> "timeout";
      case ConnectException x -> "connection refused";
      case NoRouteToHostException x -> "no route to host";
      case UnknownHostException x -> "no such host";
      case ClosedChannelException x -> "use of closed network connection";
      case EOFException x -> "unexpected EOF";
      case InterruptedException x -> "interrupted";
      case OutOfMemoryError x -> "out of memory";
      default -> null;
    };
  }
}
