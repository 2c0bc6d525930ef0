package io.berth.api.server.routes;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.engine.ContainerConfig;
import io.berth.engine.HealthConfig;
import io.berth.engine.HostConfig;
import io.berth.engine.MountSpec;
import io.berth.engine.ResourceConfig;

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
      .addMixIn(HealthConfig.class, HealthConfigNames.class)
      .addMixIn(MountSpec.class, MountSpecNames.class)
      .addMixIn(MountSpec.BindOptions.class, BindOptionsNames.class)
      .addMixIn(MountSpec.VolumeOptions.class, VolumeOptionsNames.class)
      .addMixIn(MountSpec.DriverConfig.class, DriverConfigNames.class)
      .addMixIn(MountSpec.TmpfsOptions.class, TmpfsOptionsNames.class)
      .addMixIn(ResourceConfig.class, ResourceConfigNames.class)
      .addMixIn(ResourceConfig.WeightDevice.class, WeightDeviceNames.class)
      .addMixIn(ResourceConfig.ThrottleDevice.class, ThrottleDeviceNames.class)
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

  /** HealthConfig: inspect shows the fields the client or the image set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  abstract static class HealthConfigNames {
    @JsonProperty("Test") abstract Object test();
    @JsonProperty("Interval") abstract Object interval();
    @JsonProperty("Timeout") abstract Object timeout();
    @JsonProperty("StartPeriod") abstract Object startPeriod();
    @JsonProperty("StartInterval") abstract Object startInterval();
    @JsonProperty("Retries") abstract Object retries();
  }

  /** MountSpec ({@code HostConfig.Mounts}): inspect leaves out empty fields, as Go's omitempty. */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  abstract static class MountSpecNames {
    @JsonProperty("Type") abstract Object type();
    @JsonProperty("Source") abstract Object source();
    @JsonProperty("Target") abstract Object target();
    @JsonProperty("ReadOnly") abstract Object readOnly();
    @JsonProperty("Consistency") abstract Object consistency();
    @JsonProperty("BindOptions") abstract Object bindOptions();
    @JsonProperty("VolumeOptions") abstract Object volumeOptions();
    @JsonProperty("TmpfsOptions") abstract Object tmpfsOptions();
    @JsonAnyGetter @JsonAnySetter abstract Object other();
  }

  /** MountSpec.BindOptions. */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  abstract static class BindOptionsNames {
    @JsonProperty("Propagation") abstract Object propagation();
    @JsonProperty("NonRecursive") abstract Object nonRecursive();
    @JsonProperty("CreateMountpoint") abstract Object createMountpoint();
    @JsonProperty("ReadOnlyNonRecursive") abstract Object readOnlyNonRecursive();
    @JsonProperty("ReadOnlyForceRecursive") abstract Object readOnlyForceRecursive();
  }

  /** MountSpec.VolumeOptions. */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  abstract static class VolumeOptionsNames {
    @JsonProperty("NoCopy") abstract Object noCopy();
    @JsonProperty("Labels") abstract Object labels();
    @JsonProperty("DriverConfig") abstract Object driverConfig();
  }

  /** MountSpec.DriverConfig. */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  abstract static class DriverConfigNames {
    @JsonProperty("Name") abstract Object name();
    @JsonProperty("Options") abstract Object options();
  }

  /** MountSpec.TmpfsOptions. */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  abstract static class TmpfsOptionsNames {
    @JsonProperty("SizeBytes") abstract Object sizeBytes();
    @JsonProperty("Mode") abstract Object mode();
  }

  /** ResourceConfig: the body of {@code POST /containers/{id}/update}. */
  abstract static class ResourceConfigNames {
    @JsonProperty("Memory") abstract Object memory();
    @JsonProperty("MemorySwap") abstract Object memorySwap();
    @JsonProperty("MemoryReservation") abstract Object memoryReservation();
    @JsonProperty("KernelMemory") abstract Object kernelMemory();
    @JsonProperty("MemorySwappiness") abstract Object memorySwappiness();
    @JsonProperty("OomKillDisable") abstract Object oomKillDisable();
    @JsonProperty("NanoCpus") abstract Object nanoCpus();
    @JsonProperty("CpuShares") abstract Object cpuShares();
    @JsonProperty("CpuPeriod") abstract Object cpuPeriod();
    @JsonProperty("CpuQuota") abstract Object cpuQuota();
    @JsonProperty("CpusetCpus") abstract Object cpusetCpus();
    @JsonProperty("CpusetMems") abstract Object cpusetMems();
    @JsonProperty("PidsLimit") abstract Object pidsLimit();
    @JsonProperty("BlkioWeight") abstract Object blkioWeight();
    @JsonProperty("BlkioWeightDevice") abstract Object blkioWeightDevice();
    @JsonProperty("BlkioDeviceReadBps") abstract Object blkioDeviceReadBps();
    @JsonProperty("BlkioDeviceWriteBps") abstract Object blkioDeviceWriteBps();
    @JsonProperty("BlkioDeviceReadIOps") abstract Object blkioDeviceReadIOps();
    @JsonProperty("BlkioDeviceWriteIOps") abstract Object blkioDeviceWriteIOps();
    @JsonProperty("RestartPolicy") abstract Object restartPolicy();
  }

  /** ResourceConfig.WeightDevice. */
  abstract static class WeightDeviceNames {
    @JsonProperty("Path") abstract Object path();
    @JsonProperty("Weight") abstract Object weight();
  }

  /** ResourceConfig.ThrottleDevice. */
  abstract static class ThrottleDeviceNames {
    @JsonProperty("Path") abstract Object path();
    @JsonProperty("Rate") abstract Object rate();
  }
}
