package io.berth.engine;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code HostConfig} (moby {@code api/types/container/hostconfig.go}): what the host
 * gives the container. Fields berth does not name are kept in {@link #other} and round-trip.
 */
public record HostConfig(
    @JsonProperty("Binds") List<String> binds,
    @JsonProperty("LogConfig") LogConfig logConfig,
    @JsonProperty("NetworkMode") String networkMode,
    @JsonProperty("PortBindings") Map<String, List<Map<String, String>>> portBindings,
    @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
    @JsonProperty("AutoRemove") boolean autoRemove,
    @JsonProperty("VolumesFrom") List<String> volumesFrom,
    @JsonProperty("Mounts") List<Object> mounts,
    @JsonProperty("Links") List<String> links,
    @JsonProperty("Devices") List<DeviceMapping> devices,
    @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
    @JsonProperty("GroupAdd") List<String> groupAdd,
    @JsonProperty("Privileged") boolean privileged,
    @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
    @JsonProperty("CapAdd") List<String> capAdd,
    @JsonProperty("CapDrop") List<String> capDrop,
    @JsonProperty("SecurityOpt") List<String> securityOpt,
    @JsonProperty("PidMode") String pidMode,
    @JsonProperty("IpcMode") String ipcMode,
    @JsonProperty("UTSMode") String utsMode,
    @JsonProperty("Init") Boolean init,
    @JsonProperty("Ulimits") List<Ulimit> ulimits,
    @JsonProperty("Sysctls") Map<String, String> sysctls,
    @JsonProperty("ShmSize") long shmSize,
    @JsonProperty("Tmpfs") Map<String, String> tmpfs,
    @JsonProperty("Runtime") String runtime,
    @JsonProperty("ConsoleSize") List<Integer> consoleSize,
    @JsonProperty("Memory") long memory,
    @JsonProperty("MemorySwap") long memorySwap,
    @JsonProperty("MemoryReservation") long memoryReservation,
    @JsonProperty("NanoCpus") long nanoCpus,
    @JsonProperty("CpuShares") long cpuShares,
    @JsonProperty("PidsLimit") Long pidsLimit,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

  public HostConfig {
    other = other == null ? new LinkedHashMap<>() : new LinkedHashMap<>(other);
    // an empty type stays empty here: the create fills in the daemon's log-driver (LogDrivers)
    logConfig = logConfig == null ? new LogConfig("", Map.of()) : logConfig.config() == null
        ? new LogConfig(logConfig.type() == null ? "" : logConfig.type(), Map.of()) : logConfig;
    networkMode = networkMode == null || networkMode.isEmpty() ? "bridge" : networkMode;
    restartPolicy = restartPolicy == null ? new RestartPolicy("no", 0) : restartPolicy;
  }

  /** This config with another {@code LogConfig}. */
  public HostConfig withLogConfig(LogConfig log) {
    var tree = EngineJson.MAPPER.<com.fasterxml.jackson.databind.node.ObjectNode>valueToTree(this);
    tree.set("LogConfig", EngineJson.MAPPER.valueToTree(log));
    try {
      return EngineJson.MAPPER.treeToValue(tree, HostConfig.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("copy host config", e);
    }
  }

  /** An empty host config with Docker's defaults. */
  public static HostConfig defaults() {
    return EngineJson.read("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        HostConfig.class, "host config");
  }

  /**
   * One {@code --device host[:container[:permissions]]}; the container path defaults to the
   * host's and the permissions to {@code rwm}, as the CLI fills them in.
   */
  public record DeviceMapping(@JsonProperty("PathOnHost") String pathOnHost,
      @JsonProperty("PathInContainer") String pathInContainer,
      @JsonProperty("CgroupPermissions") String cgroupPermissions) {}

  /** The same host config with {@code runtime} named, as create records the daemon's default. */
  HostConfig withRuntime(String name) {
    if (runtime != null && !runtime.isEmpty()) {
      return this;
    }
    com.fasterxml.jackson.databind.node.ObjectNode tree = EngineJson.MAPPER.valueToTree(this);
    tree.put("Runtime", name);
    return EngineJson.MAPPER.convertValue(tree, HostConfig.class);
  }

  /** {@code LogConfig}: json-file, local or none (LogDrivers); conmon writes the log. */
  public record LogConfig(@JsonProperty("Type") String type,
      @JsonProperty("Config") Map<String, String> config) {}

  /** {@code RestartPolicy}: {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure}. */
  public record RestartPolicy(@JsonProperty("Name") String name,
      @JsonProperty("MaximumRetryCount") int maximumRetryCount) {}

  public record Ulimit(@JsonProperty("Name") String name, @JsonProperty("Soft") long soft,
      @JsonProperty("Hard") long hard) {}
}
