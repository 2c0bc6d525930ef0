package io.berth.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A container's {@code State} as config.v2.json keeps it. The booleans Docker shows
 * ({@code Running}, {@code Paused}, ...) are derived from {@link #status}.
 *
 * @param startedAt RFC 3339, or {@link Times#ZERO}
 * @param finishedAt RFC 3339, or {@link Times#ZERO}
 */
public record ContainerState(
    @JsonProperty("Status") ContainerStatus status,
    @JsonProperty("Pid") int pid,
    @JsonProperty("ExitCode") int exitCode,
    @JsonProperty("Error") String error,
    @JsonProperty("OOMKilled") boolean oomKilled,
    @JsonProperty("StartedAt") String startedAt,
    @JsonProperty("FinishedAt") String finishedAt) {

  public static ContainerState created() {
    return new ContainerState(ContainerStatus.CREATED, 0, 0, "", false, Times.ZERO, Times.ZERO);
  }

  public ContainerState running(int pid, Instant at) {
    return new ContainerState(ContainerStatus.RUNNING, pid, 0, "", false, Times.format(at),
        finishedAt);
  }

  public ContainerState exited(int code, boolean oom, Instant at) {
    return new ContainerState(ContainerStatus.EXITED, 0, code, error, oom, startedAt,
        Times.format(at));
  }

  /** A start that failed: Docker keeps the runtime's message and exit code 128 (or 127). */
  public ContainerState failed(int code, String message) {
    return new ContainerState(status, 0, code, message, false, startedAt, finishedAt);
  }

  public ContainerState withStatus(ContainerStatus s) {
    return new ContainerState(s, pid, exitCode, error, oomKilled, startedAt, finishedAt);
  }
}
