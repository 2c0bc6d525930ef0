package io.berth.engine;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's container {@code Config} (moby {@code api/types/container/config.go}), after the
 * image's defaults are merged in. Fields berth does not name are kept in {@link #other} and
 * written back unchanged, so inspect shows what the client sent.
 */
public record ContainerConfig(
    @JsonProperty("Hostname") String hostname,
    @JsonProperty("Domainname") String domainname,
    @JsonProperty("User") String user,
    @JsonProperty("AttachStdin") boolean attachStdin,
    @JsonProperty("AttachStdout") boolean attachStdout,
    @JsonProperty("AttachStderr") boolean attachStderr,
    @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
    @JsonProperty("Tty") boolean tty,
    @JsonProperty("OpenStdin") boolean openStdin,
    @JsonProperty("StdinOnce") boolean stdinOnce,
    @JsonProperty("Env") List<String> env,
    @JsonProperty("Cmd") List<String> cmd,
    @JsonProperty("Healthcheck") Map<String, Object> healthcheck,
    @JsonProperty("Image") String image,
    @JsonProperty("Volumes") Map<String, Object> volumes,
    @JsonProperty("WorkingDir") String workingDir,
    @JsonProperty("Entrypoint") List<String> entrypoint,
    @JsonProperty("OnBuild") List<String> onBuild,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("StopSignal") String stopSignal,
    @JsonProperty("StopTimeout") Integer stopTimeout,
    @JsonProperty("Shell") List<String> shell,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

  public ContainerConfig {
    other = other == null ? new LinkedHashMap<>() : new LinkedHashMap<>(other);
  }

  public Map<String, String> labelsOrEmpty() {
    return labels == null ? Map.of() : labels;
  }

  public List<String> envOrEmpty() {
    return env == null ? List.of() : env;
  }

  /** Entrypoint followed by Cmd: the process the container runs. */
  public List<String> command() {
    List<String> all = new java.util.ArrayList<>();
    if (entrypoint != null) {
      all.addAll(entrypoint);
    }
    if (cmd != null) {
      all.addAll(cmd);
    }
    return all;
  }

  public ContainerConfig withEnv(List<String> e) {
    return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout,
        attachStderr, exposedPorts, tty, openStdin, stdinOnce, e, cmd, healthcheck, image,
        volumes, workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout, shell, other);
  }

  public ContainerConfig withHostname(String h) {
    return new ContainerConfig(h, domainname, user, attachStdin, attachStdout, attachStderr,
        exposedPorts, tty, openStdin, stdinOnce, env, cmd, healthcheck, image, volumes,
        workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout, shell, other);
  }
}
