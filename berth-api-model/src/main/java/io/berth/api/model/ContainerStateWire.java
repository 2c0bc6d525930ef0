package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A container's {@code State} in inspect. Times are RFC 3339 nano, zero time for never. */
public record ContainerStateWire(
    @JsonProperty("Status") String status,
    @JsonProperty("Running") boolean running,
    @JsonProperty("Paused") boolean paused,
    @JsonProperty("Restarting") boolean restarting,
    @JsonProperty("OOMKilled") boolean oomKilled,
    @JsonProperty("Dead") boolean dead,
    @JsonProperty("Pid") int pid,
    @JsonProperty("ExitCode") int exitCode,
    @JsonProperty("Error") String error,
    @JsonProperty("StartedAt") String startedAt,
    @JsonProperty("FinishedAt") String finishedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Health") Health health) {

  public ContainerStateWire(String status, boolean running, boolean paused, boolean restarting,
      boolean oomKilled, boolean dead, int pid, int exitCode, String error, String startedAt,
      String finishedAt) {
    this(status, running, paused, restarting, oomKilled, dead, pid, exitCode, error, startedAt,
        finishedAt, null);
  }

  /** {@code State.Health}: starting, healthy or unhealthy, and the last probes. */
  public record Health(@JsonProperty("Status") String status,
      @JsonProperty("FailingStreak") int failingStreak,
      @JsonProperty("Log") List<Probe> log) {}

  public record Probe(@JsonProperty("Start") String start, @JsonProperty("End") String end,
      @JsonProperty("ExitCode") int exitCode, @JsonProperty("Output") String output) {}
}
