package io.berth.engine;

import java.time.Instant;

/**
 * A container's {@code State} as config.v2.json keeps it. The booleans Docker shows
 * ({@code Running}, {@code Paused}, ...) are derived from {@link #status}.
 *
 * @param startedAt RFC 3339, or {@link Times#ZERO}
 * @param finishedAt RFC 3339, or {@link Times#ZERO}
 * @param manuallyStopped a user stopped or killed it since its last start (Docker's
 *     {@code HasBeenManuallyStopped}): restart policies leave it alone
 * @param health the health check's state; null without a health check
 */
public record ContainerState(
    ContainerStatus status,
    int pid,
    int exitCode,
    String error,
    boolean oomKilled,
    String startedAt,
    String finishedAt,
    boolean manuallyStopped,
    Health health) {

  public static ContainerState created() {
    return new ContainerState(ContainerStatus.CREATED, 0, 0, "", false, Times.ZERO, Times.ZERO,
        false, null);
  }

  public ContainerState running(int pid, Instant at) {
    return new ContainerState(ContainerStatus.RUNNING, pid, 0, "", false, Times.format(at),
        finishedAt, false, health);
  }

  public ContainerState exited(int code, boolean oom, Instant at) {
    return new ContainerState(ContainerStatus.EXITED, 0, code, error, oom, startedAt,
        Times.format(at), manuallyStopped, health);
  }

  /** A start that failed: Docker keeps the runtime's message and exit code 128 (or 127). */
  public ContainerState failed(int code, String message) {
    return new ContainerState(status, 0, code, message, false, startedAt, finishedAt,
        manuallyStopped, health);
  }

  public ContainerState withStatus(ContainerStatus s) {
    return new ContainerState(s, pid, exitCode, error, oomKilled, startedAt, finishedAt,
        manuallyStopped, health);
  }

  public ContainerState withManuallyStopped(boolean stopped) {
    return new ContainerState(status, pid, exitCode, error, oomKilled, startedAt, finishedAt,
        stopped, health);
  }

  public ContainerState withHealth(Health h) {
    return new ContainerState(status, pid, exitCode, error, oomKilled, startedAt, finishedAt,
        manuallyStopped, h);
  }

  /**
   * Docker's {@code State.Health}.
   *
   * @param status starting, healthy, unhealthy (or none)
   * @param log the last five probes, oldest first
   */
  public record Health(String status,
      int failingStreak,
      java.util.List<Probe> log) {}

  /** One probe: times RFC 3339, output cut at 4096 bytes. */
  public record Probe(String start, String end,
      int exitCode, String output) {}
}
