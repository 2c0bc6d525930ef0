package io.berth.oci.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** The {@code linux} section of a runtime spec. Null fields are omitted. */
@JsonPropertyOrder({"namespaces", "devices", "resources", "cgroupsPath", "sysctl", "seccomp",
    "maskedPaths", "readonlyPaths"})
public record Linux(
    @JsonProperty("namespaces") List<Namespace> namespaces,
    @JsonProperty("devices") List<Device> devices,
    @JsonProperty("resources") Resources resources,
    @JsonProperty("cgroupsPath") String cgroupsPath,
    @JsonProperty("sysctl") Map<String, String> sysctl,
    @JsonProperty("seccomp") Seccomp seccomp,
    @JsonProperty("maskedPaths") List<String> maskedPaths,
    @JsonProperty("readonlyPaths") List<String> readonlyPaths) {

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

  /** Cgroup settings; berth only writes the device rules here so far. */
  public record Resources(@JsonProperty("devices") List<DeviceRule> devices) {}

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
