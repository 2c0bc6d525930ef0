package io.berth.engine.store;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
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
}
