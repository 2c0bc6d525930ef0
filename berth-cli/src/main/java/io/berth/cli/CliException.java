package io.berth.cli;

/** A failure shown to the user as one line on stderr, exit 1, no stack trace. */
public final class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }
}
