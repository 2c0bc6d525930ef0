package io.berth.api.server.http;

import io.berth.common.BerthException;
import io.berth.common.Messages;

/** The one place where errors become HTTP statuses (moby's {@code httpstatus.FromError}). */
public final class ErrorStatus {
  private ErrorStatus() {}

  public static int of(Throwable t) {
    BadRequestBody bad = badBody(t);
    if (bad != null) {
      return bad.status();
    }
    if (!(t instanceof BerthException e)) {
      return 500;
    }
    return switch (e) {
      case BerthException.NotFound x -> 404;
      case BerthException.InvalidArgument x -> 400;
      case BerthException.Conflict x -> 409;
      case BerthException.Unauthorized x -> 401;
      case BerthException.PermissionDenied x -> 403;
      case BerthException.NotModified x -> 304;
      case BerthException.NotImplemented x -> 501;
      case BerthException.Unavailable x -> 503;
      case BerthException.Internal x -> 500;
    };
  }

  /**
   * The message a client sees: the exception's own, else plain words ({@link Messages}), never
   * a Java class name.
   */
  public static String message(Throwable t) {
    BadRequestBody bad = badBody(t);
    if (bad != null) {
      return bad.getMessage();
    }
    return Messages.of(t);
  }

  /** Whether the daemon logs {@code t} with its trace: a fault of its own, or a bare one. */
  public static boolean logged(Throwable t) {
    return of(t) >= 500 || (badBody(t) == null && !Messages.hasOwnMessage(t));
  }

  /** A broken request body anywhere in the chain of causes, however a handler wrapped it. */
  private static BadRequestBody badBody(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BadRequestBody b) {
        return b;
      }
    }
    return null;
  }
}
