package io.berth.oci.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** The {@code linux} section of a runtime spec. Null fields are omitted. */
@JsonPropertyOrder({"namespaces", "uidMappings", "gidMappings", "devices", "resources",
    "cgroupsPath", "sysctl", "seccomp", "maskedPaths", "readonlyPaths"})
public record Linux(
    @JsonProperty("namespaces") List<Namespace> namespaces,
    @JsonProperty("devices") List<Device> devices,
    @JsonProperty("resources") Resources resources,
    @JsonProperty("cgroupsPath") String cgroupsPath,
    @JsonProperty("sysctl") Map<String, String> sysctl,
    @JsonProperty("seccomp") Seccomp seccomp,
    @JsonProperty("maskedPaths") List<String> maskedPaths,
    @JsonProperty("readonlyPaths") List<String> readonlyPaths,
    @JsonProperty("uidMappings") List<IdMapping> uidMappings,
    @JsonProperty("gidMappings") List<IdMapping> gidMappings) {

  /** Without a user namespace's mappings. */
  public Linux(List<Namespace> namespaces, List<Device> devices, Resources resources,
      String cgroupsPath, Map<String, String> sysctl, Seccomp seccomp, List<String> maskedPaths,
      List<String> readonlyPaths) {
    this(namespaces, devices, resources, cgroupsPath, sysctl, seccomp, maskedPaths,
        readonlyPaths, null, null);
  }

  /** One range of a user namespace's uid or gid map (config-linux.md#user-namespace-mappings). */
  @JsonPropertyOrder({"containerID", "hostID", "size"})
  public record IdMapping(
      @JsonProperty("containerID") long containerID,
      @JsonProperty("hostID") long hostID,
      @JsonProperty("size") long size) {}

  /** A namespace to create ({@code path} null) or to join. Types: pid, network, mount, ipc, uts, user, cgroup. */
  public record Namespace(
      @JsonProperty("type") String type,
      @JsonProperty("path") String path) {}

  /** A device node the runtime creates in the container's {@code /dev}. */
  @JsonPropertyOrder({"path", "type", "major", "minor", "fileMode", "uid", "gid"})
  public record Device(
      @JsonProperty("path") String path,
      @JsonProperty("type") String type,
      @JsonProperty("major") long major,
      @JsonProperty("minor") long minor,
      @JsonProperty("fileMode") Integer fileMode,
      @JsonProperty("uid") Long uid,
      @JsonProperty("gid") Long gid) {}

  /**
   * Cgroup settings (runtime-spec {@code config-linux.md#control-groups}). The v1 names are
   * used on cgroup v2 too: runc and crun translate them (shares → cpu.weight, swap → the
   * difference for memory.swap.max, reservation → memory.low, blkio weight → io.weight);
   * {@code unified} carries raw v2 files. Null members are omitted.
   */
  @JsonPropertyOrder({"devices", "memory", "cpu", "pids", "blockIO", "unified"})
  public record Resources(
      @JsonProperty("devices") List<DeviceRule> devices,
      @JsonProperty("memory") Memory memory,
      @JsonProperty("cpu") Cpu cpu,
      @JsonProperty("pids") Pids pids,
      @JsonProperty("blockIO") BlockIo blockIO,
      @JsonProperty("unified") Map<String, String> unified) {

    public Resources(List<DeviceRule> devices) {
      this(devices, null, null, null, null, null);
    }
  }

  /** Memory limits in bytes; {@code swap} is memory + swap, as cgroup v1's memsw. */
  @JsonPropertyOrder({"limit", "reservation", "swap", "kernel", "swappiness", "disableOOMKiller"})
  public record Memory(
      @JsonProperty("limit") Long limit,
      @JsonProperty("reservation") Long reservation,
      @JsonProperty("swap") Long swap,
      @JsonProperty("kernel") Long kernel,
      @JsonProperty("swappiness") Long swappiness,
      @JsonProperty("disableOOMKiller") Boolean disableOomKiller) {}

  /** CPU shares, CFS quota/period in microseconds, and cpuset lists ({@code 0-2,4}). */
  @JsonPropertyOrder({"shares", "quota", "period", "cpus", "mems"})
  public record Cpu(
      @JsonProperty("shares") Long shares,
      @JsonProperty("quota") Long quota,
      @JsonProperty("period") Long period,
      @JsonProperty("cpus") String cpus,
      @JsonProperty("mems") String mems) {}

  /** The pids controller's limit; -1 = unlimited. */
  public record Pids(@JsonProperty("limit") long limit) {}

  /** Block I/O weight (10–1000) and per-device weights and throttles. */
  @JsonPropertyOrder({"weight", "weightDevice", "throttleReadBpsDevice",
      "throttleWriteBpsDevice", "throttleReadIOPSDevice", "throttleWriteIOPSDevice"})
  public record BlockIo(
      @JsonProperty("weight") Integer weight,
      @JsonProperty("weightDevice") List<WeightDevice> weightDevice,
      @JsonProperty("throttleReadBpsDevice") List<ThrottleDevice> throttleReadBpsDevice,
      @JsonProperty("throttleWriteBpsDevice") List<ThrottleDevice> throttleWriteBpsDevice,
      @JsonProperty("throttleReadIOPSDevice") List<ThrottleDevice> throttleReadIopsDevice,
      @JsonProperty("throttleWriteIOPSDevice") List<ThrottleDevice> throttleWriteIopsDevice) {}

  @JsonPropertyOrder({"major", "minor", "weight"})
  public record WeightDevice(@JsonProperty("major") long major,
      @JsonProperty("minor") long minor, @JsonProperty("weight") int weight) {}

  @JsonPropertyOrder({"major", "minor", "rate"})
  public record ThrottleDevice(@JsonProperty("major") long major,
      @JsonProperty("minor") long minor, @JsonProperty("rate") long rate) {}

  /** A device cgroup rule; {@code type} null = all, {@code major}/{@code minor} null = any. */
  @JsonPropertyOrder({"allow", "type", "major", "minor", "access"})
  public record DeviceRule(
      @JsonProperty("allow") boolean allow,
      @JsonProperty("type") String type,
      @JsonProperty("major") Long major,
      @JsonProperty("minor") Long minor,
      @JsonProperty("access") String access) {}

  /** A seccomp filter, already resolved for one architecture and one capability set. */
  @JsonPropertyOrder({"defaultAction", "defaultErrnoRet", "architectures", "syscalls"})
  public record Seccomp(
      @JsonProperty("defaultAction") String defaultAction,
      @JsonProperty("defaultErrnoRet") Integer defaultErrnoRet,
      @JsonProperty("architectures") List<String> architectures,
      @JsonProperty("syscalls") List<Syscall> syscalls) {}

  /** One rule: the action for these syscalls when all {@code args} conditions hold. */
  @JsonPropertyOrder({"names", "action", "errnoRet", "args"})
  public record Syscall(
      @JsonProperty("names") List<String> names,
      @JsonProperty("action") String action,
      @JsonProperty("errnoRet") Integer errnoRet,
      @JsonProperty("args") List<SyscallArg> args) {}

  /** A condition on one syscall argument; op like {@code SCMP_CMP_MASKED_EQ}. */
  @JsonPropertyOrder({"index", "value", "valueTwo", "op"})
  public record SyscallArg(
      @JsonProperty("index") int index,
      @JsonProperty("value") long value,
      @JsonProperty("valueTwo") long valueTwo,
      @JsonProperty("op") String op) {}
}
