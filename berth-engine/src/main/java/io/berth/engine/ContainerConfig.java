package io.berth.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's process and image settings (the fields of moby's
 * {@code api/types/container/config.go}), after the image's defaults are merged in. The engine's
 * own record: the API layer maps Docker's JSON to it and back, and {@code io.berth.engine.store}
 * writes it to {@code config.v2.json}. Fields berth does not name are kept in {@link #other}
 * and written back unchanged, so inspect shows what the client sent.
 */
public record ContainerConfig(
    String hostname,
    String domainname,
    String user,
    boolean attachStdin,
    boolean attachStdout,
    boolean attachStderr,
    Map<String, Object> exposedPorts,
    boolean tty,
    boolean openStdin,
    boolean stdinOnce,
    List<String> env,
    List<String> cmd,
    HealthConfig healthcheck,
    String image,
    Map<String, Object> volumes,
    String workingDir,
    List<String> entrypoint,
    List<String> onBuild,
    Map<String, String> labels,
    String stopSignal,
    Integer stopTimeout,
    List<String> shell,
    Map<String, Object> other) {

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

  /** {@code --mac-address}, kept among the unnamed fields; absent is null. */
  public String macAddress() {
    Object mac = other.get("MacAddress");
    return mac == null ? null : mac.toString();
  }

  public ContainerConfig withEnv(List<String> e) {
    return toBuilder().env(e).build();
  }

  public ContainerConfig withHostname(String h) {
    return toBuilder().hostname(h).build();
  }

  /** A builder holding this record's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.hostname = hostname;
    b.domainname = domainname;
    b.user = user;
    b.attachStdin = attachStdin;
    b.attachStdout = attachStdout;
    b.attachStderr = attachStderr;
    b.exposedPorts = exposedPorts;
    b.tty = tty;
    b.openStdin = openStdin;
    b.stdinOnce = stdinOnce;
    b.env = env;
    b.cmd = cmd;
    b.healthcheck = healthcheck;
    b.image = image;
    b.volumes = volumes;
    b.workingDir = workingDir;
    b.entrypoint = entrypoint;
    b.onBuild = onBuild;
    b.labels = labels;
    b.stopSignal = stopSignal;
    b.stopTimeout = stopTimeout;
    b.shell = shell;
    b.other = other;
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ContainerConfig}; unset fields are null, false or 0. */
  public static final class Builder {
    private String hostname;
    private String domainname;
    private String user;
    private boolean attachStdin;
    private boolean attachStdout;
    private boolean attachStderr;
    private Map<String, Object> exposedPorts;
    private boolean tty;
    private boolean openStdin;
    private boolean stdinOnce;
    private List<String> env;
    private List<String> cmd;
    private HealthConfig healthcheck;
    private String image;
    private Map<String, Object> volumes;
    private String workingDir;
    private List<String> entrypoint;
    private List<String> onBuild;
    private Map<String, String> labels;
    private String stopSignal;
    private Integer stopTimeout;
    private List<String> shell;
    private Map<String, Object> other;

    private Builder() {}

    public Builder hostname(String v) {
      hostname = v;
      return this;
    }

    public Builder domainname(String v) {
      domainname = v;
      return this;
    }

    public Builder user(String v) {
      user = v;
      return this;
    }

    public Builder attachStdin(boolean v) {
      attachStdin = v;
      return this;
    }

    public Builder attachStdout(boolean v) {
      attachStdout = v;
      return this;
    }

    public Builder attachStderr(boolean v) {
      attachStderr = v;
      return this;
    }

    public Builder exposedPorts(Map<String, Object> v) {
      exposedPorts = v;
      return this;
    }

    public Builder tty(boolean v) {
      tty = v;
      return this;
    }

    public Builder openStdin(boolean v) {
      openStdin = v;
      return this;
    }

    public Builder stdinOnce(boolean v) {
      stdinOnce = v;
      return this;
    }

    public Builder env(List<String> v) {
      env = v;
      return this;
    }

    public Builder cmd(List<String> v) {
      cmd = v;
      return this;
    }

    public Builder healthcheck(HealthConfig v) {
      healthcheck = v;
      return this;
    }

    public Builder image(String v) {
      image = v;
      return this;
    }

    public Builder volumes(Map<String, Object> v) {
      volumes = v;
      return this;
    }

    public Builder workingDir(String v) {
      workingDir = v;
      return this;
    }

    public Builder entrypoint(List<String> v) {
      entrypoint = v;
      return this;
    }

    public Builder onBuild(List<String> v) {
      onBuild = v;
      return this;
    }

    public Builder labels(Map<String, String> v) {
      labels = v;
      return this;
    }

    public Builder stopSignal(String v) {
      stopSignal = v;
      return this;
    }

    public Builder stopTimeout(Integer v) {
      stopTimeout = v;
      return this;
    }

    public Builder shell(List<String> v) {
      shell = v;
      return this;
    }

    public Builder other(Map<String, Object> v) {
      other = v;
      return this;
    }

    public ContainerConfig build() {
      return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout,
          attachStderr, exposedPorts, tty, openStdin, stdinOnce, env, cmd, healthcheck, image,
          volumes, workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout, shell, other);
    }
  }
}
