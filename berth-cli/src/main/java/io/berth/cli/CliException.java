package io.berth.cli;

/**
 * A failure shown to the user on stderr, no stack trace. {@code exitCode} is the process's exit
 * status (1 unless a command says otherwise: 125/126/127 for run, a container's own code);
 * {@code httpStatus} is the daemon's answer when the failure came from one, else 0. An empty
 * message prints nothing (a container's exit code passed through).
 */
public final class CliException extends RuntimeException {
  private final int exitCode;
  private final int httpStatus;

  public CliException(String message) {
    this(message, 1, 0);
  }

  public CliException(String message, int exitCode, int httpStatus) {
    super(message);
    this.exitCode = exitCode;
    this.httpStatus = httpStatus;
  }

  /** The exit status only, without a message: {@code berth run} ending as its container did. */
  static CliException exit(int code) {
    return new CliException("", code, 0);
  }

  public int exitCode() {
    return exitCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The daemon answered 404 (docker's errdefs.IsNotFound). */
  public boolean notFound() {
    return httpStatus == 404;
  }
}
