package io.berth.api.server.routes;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.engine.ContainerConfig;
import io.berth.engine.HostConfig;

/**
 * Docker's JSON names for the engine's container records: the create body's {@code Config}
 * and {@code HostConfig} are bound to {@link ContainerConfig} and {@link HostConfig} through
 * these Jackson mix-ins, and inspect writes them back with the same names. The engine's
 * records carry no annotation (ADR 0139); this is the API's half of the mapping, the store's
 * ({@code io.berth.engine.store}) is the other, and they are kept apart on purpose: the wire
 * is Docker's API, the files are berth's on-disk format, which only happen to agree today.
 */
final class WireNames {
  /** Docker's names on a mapper that ignores unknown fields (they land in {@code other}). */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addMixIn(ContainerConfig.class, ContainerConfigNames.class)
      .addMixIn(HostConfig.class, HostConfigNames.class)
      .addMixIn(HostConfig.DeviceMapping.class, DeviceMappingNames.class)
      .addMixIn(HostConfig.LogConfig.class, LogConfigNames.class)
      .addMixIn(HostConfig.RestartPolicy.class, RestartPolicyNames.class)
      .addMixIn(HostConfig.Ulimit.class, UlimitNames.class)
      .build();

  private WireNames() {}

  /** ContainerConfig. */
  abstract static class ContainerConfigNames {
    @JsonProperty("Hostname") abstract Object hostname();
    @JsonProperty("Domainname") abstract Object domainname();
    @JsonProperty("User") abstract Object user();
    @JsonProperty("AttachStdin") abstract Object attachStdin();
    @JsonProperty("AttachStdout") abstract Object attachStdout();
    @JsonProperty("AttachStderr") abstract Object attachStderr();
    @JsonProperty("ExposedPorts") abstract Object exposedPorts();
    @JsonProperty("Tty") abstract Object tty();
    @JsonProperty("OpenStdin") abstract Object openStdin();
    @JsonProperty("StdinOnce") abstract Object stdinOnce();
    @JsonProperty("Env") abstract Object env();
    @JsonProperty("Cmd") abstract Object cmd();
    @JsonProperty("Healthcheck") abstract Object healthcheck();
    @JsonProperty("Image") abstract Object image();
    @JsonProperty("Volumes") abstract Object volumes();
    @JsonProperty("WorkingDir") abstract Object workingDir();
    @JsonProperty("Entrypoint") abstract Object entrypoint();
    @JsonProperty("OnBuild") abstract Object onBuild();
    @JsonProperty("Labels") abstract Object labels();
    @JsonProperty("StopSignal") abstract Object stopSignal();
    @JsonProperty("StopTimeout") abstract Object stopTimeout();
    @JsonProperty("Shell") abstract Object shell();
    @JsonAnyGetter @JsonAnySetter abstract Object other();
  }

  /** HostConfig. */
  abstract static class HostConfigNames {
    @JsonProperty("Binds") abstract Object binds();
    @JsonProperty("LogConfig") abstract Object logConfig();
    @JsonProperty("NetworkMode") abstract Object networkMode();
    @JsonProperty("PortBindings") abstract Object portBindings();
    @JsonProperty("RestartPolicy") abstract Object restartPolicy();
    @JsonProperty("AutoRemove") abstract Object autoRemove();
    @JsonProperty("VolumesFrom") abstract Object volumesFrom();
    @JsonProperty("Mounts") abstract Object mounts();
    @JsonProperty("Links") abstract Object links();
    @JsonProperty("Devices") abstract Object devices();
    @JsonProperty("DeviceCgroupRules") abstract Object deviceCgroupRules();
    @JsonProperty("GroupAdd") abstract Object groupAdd();
    @JsonProperty("Privileged") abstract Object privileged();
    @JsonProperty("ReadonlyRootfs") abstract Object readonlyRootfs();
    @JsonProperty("CapAdd") abstract Object capAdd();
    @JsonProperty("CapDrop") abstract Object capDrop();
    @JsonProperty("SecurityOpt") abstract Object securityOpt();
    @JsonProperty("PidMode") abstract Object pidMode();
    @JsonProperty("IpcMode") abstract Object ipcMode();
    @JsonProperty("UTSMode") abstract Object utsMode();
    @JsonProperty("Init") abstract Object init();
    @JsonProperty("Ulimits") abstract Object ulimits();
    @JsonProperty("Sysctls") abstract Object sysctls();
    @JsonProperty("ShmSize") abstract Object shmSize();
    @JsonProperty("Tmpfs") abstract Object tmpfs();
    @JsonProperty("Runtime") abstract Object runtime();
    @JsonProperty("ConsoleSize") abstract Object consoleSize();
    @JsonProperty("Memory") abstract Object memory();
    @JsonProperty("MemorySwap") abstract Object memorySwap();
    @JsonProperty("MemoryReservation") abstract Object memoryReservation();
    @JsonProperty("NanoCpus") abstract Object nanoCpus();
    @JsonProperty("CpuShares") abstract Object cpuShares();
    @JsonProperty("PidsLimit") abstract Object pidsLimit();
    @JsonAnyGetter @JsonAnySetter abstract Object other();
  }

  /** HostConfig.DeviceMapping. */
  abstract static class DeviceMappingNames {
    @JsonProperty("PathOnHost") abstract Object pathOnHost();
    @JsonProperty("PathInContainer") abstract Object pathInContainer();
    @JsonProperty("CgroupPermissions") abstract Object cgroupPermissions();
  }

  /** HostConfig.LogConfig. */
  abstract static class LogConfigNames {
    @JsonProperty("Type") abstract Object type();
    @JsonProperty("Config") abstract Object config();
  }

  /** HostConfig.RestartPolicy. */
  abstract static class RestartPolicyNames {
    @JsonProperty("Name") abstract Object name();
    @JsonProperty("MaximumRetryCount") abstract Object maximumRetryCount();
  }

  /** HostConfig.Ulimit. */
  abstract static class UlimitNames {
    @JsonProperty("Name") abstract Object name();
    @JsonProperty("Soft") abstract Object soft();
    @JsonProperty("Hard") abstract Object hard();
  }
}
