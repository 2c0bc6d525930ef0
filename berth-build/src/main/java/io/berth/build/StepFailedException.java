package io.berth.build;

/**
 * A RUN step exited non-zero: {@code The command '/bin/sh -c exit 3' returned a non-zero code:
 * 3}. The build stream reports it with {@code errorDetail.code}, which the docker CLI turns
 * into its own exit status.
 */
public final class StepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;

  public StepFailedException(String command, int code) {
    super("The command '" + command + "' returned a non-zero code: " + code);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
