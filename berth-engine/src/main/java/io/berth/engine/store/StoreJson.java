package io.berth.engine.store;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.berth.common.BerthException;
import io.berth.engine.Container;
import io.berth.engine.ContainerConfig;
import io.berth.engine.ContainerState;
import io.berth.engine.ContainerStatus;
import io.berth.engine.HostConfig;
import io.berth.engine.MountPoint;
import io.berth.oci.JsonErrors;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of {@code config.v2.json} and {@code hostconfig.json}: the one place in the engine
 * that knows Docker's field names. The engine's records carry no annotation; the names are
 * mixed in here (Jackson mix-ins), one class per record, so the files stay what berth 1.6
 * wrote: the same bytes, the unnamed fields ({@code other}) in the file's order (ADR 0139).
 */
public final class StoreJson {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .addMixIn(ContainerConfig.class, ContainerConfigNames.class)
        .addMixIn(HostConfig.class, HostConfigNames.class)
        .addMixIn(HostConfig.DeviceMapping.class, DeviceMappingNames.class)
        .addMixIn(HostConfig.LogConfig.class, LogConfigNames.class)
        .addMixIn(HostConfig.RestartPolicy.class, RestartPolicyNames.class)
        .addMixIn(HostConfig.Ulimit.class, UlimitNames.class)
        .addMixIn(Container.class, ContainerNames.class)
        .addMixIn(ContainerState.class, ContainerStateNames.class)
        .addMixIn(ContainerState.Health.class, HealthNames.class)
        .addMixIn(ContainerState.Probe.class, ProbeNames.class)
        .addMixIn(MountPoint.class, MountPointNames.class)
        .addModule(new SimpleModule("container-status")
            .addSerializer(ContainerStatus.class, new StatusWriter())
            .addDeserializer(ContainerStatus.class, new StatusReader()))
      .build();

  private StoreJson() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    } catch (IOException e) {
      throw BerthException.internal("encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** Parses {@code data}; malformed input is {@code InvalidArgument} naming {@code what}. */
  public static <T> T read(byte[] data, Class<T> type, String what) {
    try {
      return MAPPER.readValue(data, type);
    } catch (IOException e) {
      throw new BerthException.InvalidArgument("invalid " + what + ": "
          + JsonErrors.describe(e, type.getSimpleName()), e);
    }
  }

  /** {@code config.v2.json}; the config's unnamed fields keep the file's order. */
  public static Container readContainer(byte[] data, String what) {
    JsonNode tree = read(data, JsonNode.class, what);
    Container c = convert(tree, Container.class, what);
    return c.config() == null ? c : c.withConfig(c.config().toBuilder()
        .other(inFileOrder(c.config().other(), tree.get("Config"))).build());
  }

  /** {@code hostconfig.json}; its unnamed fields keep the file's order. */
  public static HostConfig readHostConfig(byte[] data, String what) {
    JsonNode tree = read(data, JsonNode.class, what);
    HostConfig h = convert(tree, HostConfig.class, what);
    return h.toBuilder().other(inFileOrder(h.other(), tree)).build();
  }

  private static <T> T convert(JsonNode tree, Class<T> type, String what) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (IOException | IllegalArgumentException e) {
      throw new BerthException.InvalidArgument("invalid " + what + ": "
          + JsonErrors.describe(e, type.getSimpleName()), e);
    }
  }

  /**
   * {@code other} in the order its names have in {@code object}: Jackson hands the unnamed
   * fields over in a hash map, and berth 1.6 wrote them in its order, another at each write.
   */
  static Map<String, Object> inFileOrder(Map<String, Object> other, JsonNode object) {
    if (object == null || !object.isObject()) {
      return other;
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    object.fieldNames().forEachRemaining(n -> {
      if (other.containsKey(n)) {
        ordered.put(n, other.get(n));
      }
    });
    other.forEach(ordered::putIfAbsent);
    return ordered;
  }

  /** A status as its lower-case word ({@code running}). */
  private static final class StatusWriter extends JsonSerializer<ContainerStatus> {
    @Override
    public void serialize(ContainerStatus s, JsonGenerator g, SerializerProvider p)
        throws IOException {
      g.writeString(s.wire());
    }
  }

  private static final class StatusReader extends JsonDeserializer<ContainerStatus> {
    @Override
    public ContainerStatus deserialize(JsonParser p, DeserializationContext c) throws IOException {
      return ContainerStatus.parse(p.getValueAsString());
    }
  }

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
