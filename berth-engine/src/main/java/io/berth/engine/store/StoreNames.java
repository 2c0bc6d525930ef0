package io.berth.engine.store;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The names of {@code config.v2.json} and {@code hostconfig.json}, as Jackson mix-ins that
 * {@link StoreJson} puts on the engine's records: one class per record, its accessors in the
 * record's order (which is the files' order). The return types are not read; only the names.
 */
final class StoreNames {
  private StoreNames() {}

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

  /** Container. */
  abstract static class ContainerNames {
    @JsonProperty("ID") abstract Object id();
    @JsonProperty("Name") abstract Object name();
    @JsonProperty("Created") abstract Object created();
    @JsonProperty("Path") abstract Object path();
    @JsonProperty("Args") abstract Object args();
    @JsonProperty("Config") abstract Object config();
    @JsonProperty("State") abstract Object state();
    @JsonProperty("Image") abstract Object image();
    @JsonProperty("SnapshotParent") abstract Object snapshotParent();
    @JsonProperty("RestartCount") abstract Object restartCount();
    @JsonProperty("LogPath") abstract Object logPath();
    @JsonProperty("HostnamePath") abstract Object hostnamePath();
    @JsonProperty("HostsPath") abstract Object hostsPath();
    @JsonProperty("ResolvConfPath") abstract Object resolvConfPath();
    @JsonIgnore abstract Object hostConfig();
    @JsonProperty("MountPoints") abstract Object mountPoints();
  }

  /** ContainerState. */
  abstract static class ContainerStateNames {
    @JsonProperty("Status") abstract Object status();
    @JsonProperty("Pid") abstract Object pid();
    @JsonProperty("ExitCode") abstract Object exitCode();
    @JsonProperty("Error") abstract Object error();
    @JsonProperty("OOMKilled") abstract Object oomKilled();
    @JsonProperty("StartedAt") abstract Object startedAt();
    @JsonProperty("FinishedAt") abstract Object finishedAt();
    @JsonProperty("ManuallyStopped") abstract Object manuallyStopped();
    @JsonProperty("Health") abstract Object health();
  }

  /** ContainerState.Health. */
  abstract static class HealthNames {
    @JsonProperty("Status") abstract Object status();
    @JsonProperty("FailingStreak") abstract Object failingStreak();
    @JsonProperty("Log") abstract Object log();
  }

  /** ContainerState.Probe. */
  abstract static class ProbeNames {
    @JsonProperty("Start") abstract Object start();
    @JsonProperty("End") abstract Object end();
    @JsonProperty("ExitCode") abstract Object exitCode();
    @JsonProperty("Output") abstract Object output();
  }

  /** MountPoint. */
  abstract static class MountPointNames {
    @JsonProperty("Type") abstract Object type();
    @JsonProperty("Name") abstract Object name();
    @JsonProperty("Source") abstract Object source();
    @JsonProperty("Destination") abstract Object destination();
    @JsonProperty("Driver") abstract Object driver();
    @JsonProperty("Mode") abstract Object mode();
    @JsonProperty("RW") abstract Object rw();
    @JsonProperty("Propagation") abstract Object propagation();
    @JsonProperty("Anonymous") abstract Object anonymous();
    @JsonProperty("CreateSource") abstract Object createSource();
    @JsonProperty("NoCopy") abstract Object noCopy();
    @JsonProperty("TmpfsOptions") abstract Object tmpfsOptions();
    @JsonProperty("NonRecursive") abstract Object nonRecursive();
  }

  /**
   * HealthConfig: an unset field is left out. berth 1.6 kept the map as given, so a check
   * whose file spelt an unset field as {@code null} (one taken from an image) loses that line.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  abstract static class HealthConfigNames {
    @JsonProperty("Test") abstract Object test();
    @JsonProperty("Interval") abstract Object interval();
    @JsonProperty("Timeout") abstract Object timeout();
    @JsonProperty("StartPeriod") abstract Object startPeriod();
    @JsonProperty("StartInterval") abstract Object startInterval();
    @JsonProperty("Retries") abstract Object retries();
  }

  /** MountSpec ({@code HostConfig.Mounts}): Go's {@code omitempty}, as the docker CLI sends it. */
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

  /**
   * ResourceConfig, read out of a host config by these names ({@link StoreJson#resources}) and
   * written back over it without its unset fields.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
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
