package io.berth.daemon;

/** The daemon cannot start (socket in use, root locked, bad TLS files); shown without a trace. */
final class StartupException extends RuntimeException {
  StartupException(String message) {
    super(message);
  }

  StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
