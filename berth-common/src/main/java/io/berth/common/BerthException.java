package io.berth.common;

/**
 * The one error taxonomy that crosses module boundaries. Each subtype maps to exactly one HTTP
 * status in the API server (see {@code ErrorStatus}); lower layers add context in lower case,
 * like containerd's {@code failed to create snapshot: %w}.
 */
public abstract sealed class BerthException extends RuntimeException
    permits BerthException.NotFound, BerthException.Conflict, BerthException.InvalidArgument,
        BerthException.NotModified, BerthException.Unavailable, BerthException.PermissionDenied,
        BerthException.Unauthorized, BerthException.NotImplemented, BerthException.Internal {

  protected BerthException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The object does not exist (404). */
  public static final class NotFound extends BerthException {
    public NotFound(String message) {
      super(message, null);
    }
  }

  /** The request conflicts with the object's state (409). */
  public static final class Conflict extends BerthException {
    public Conflict(String message) {
      super(message, null);
    }
  }

  /** The caller's input is invalid (400). */
  public static final class InvalidArgument extends BerthException {
    public InvalidArgument(String message) {
      super(message, null);
    }

    public InvalidArgument(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Nothing to do: the object is already in the requested state (304). */
  public static final class NotModified extends BerthException {
    public NotModified(String message) {
      super(message, null);
    }
  }

  /** A dependency is not available right now (503). */
  public static final class Unavailable extends BerthException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The caller may not do this (403). */
  public static final class PermissionDenied extends BerthException {
    public PermissionDenied(String message) {
      super(message, null);
    }
  }

  /** Credentials are missing or wrong (401). */
  public static final class Unauthorized extends BerthException {
    public Unauthorized(String message) {
      super(message, null);
    }
  }

  /** berth does not implement this (501). */
  public static final class NotImplemented extends BerthException {
    public NotImplemented(String message) {
      super(message, null);
    }
  }

  /** Anything else (500). */
  public static final class Internal extends BerthException {
    public Internal(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static NotFound notFound(String message) {
    return new NotFound(message);
  }

  public static Conflict conflict(String message) {
    return new Conflict(message);
  }

  public static InvalidArgument invalid(String message) {
    return new InvalidArgument(message);
  }

  public static Internal internal(String message, Throwable cause) {
    return new Internal(message, cause);
  }
}
