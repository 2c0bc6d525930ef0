package io.berth.oci.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * A bundle's {@code config.json} (OCI runtime-spec, Linux subset). Write it with
 * {@code OciJson.write(spec)}; read one back with {@code OciJson.read(bytes, RuntimeSpec.class, ..)}.
 */
@JsonPropertyOrder({"ociVersion", "process", "root", "hostname", "mounts", "linux"})
public record RuntimeSpec(
    @JsonProperty("ociVersion") String ociVersion,
    @JsonProperty("process") Process process,
    @JsonProperty("root") Root root,
    @JsonProperty("hostname") String hostname,
    @JsonProperty("mounts") List<Mount> mounts,
    @JsonProperty("linux") Linux linux) {

  /** The runtime-spec version berth writes, the one runc and crun accept. */
  public static final String VERSION = "1.0.2-dev";

  /** The container's first process. */
  @JsonPropertyOrder({"terminal", "user", "args", "env", "cwd", "capabilities", "rlimits",
      "noNewPrivileges", "oomScoreAdj"})
  public record Process(
      @JsonProperty("terminal") boolean terminal,
      @JsonProperty("user") User user,
      @JsonProperty("args") List<String> args,
      @JsonProperty("env") List<String> env,
      @JsonProperty("cwd") String cwd,
      @JsonProperty("capabilities") Capabilities capabilities,
      @JsonProperty("rlimits") List<Rlimit> rlimits,
      @JsonProperty("noNewPrivileges") boolean noNewPrivileges,
      @JsonProperty("oomScoreAdj") Integer oomScoreAdj) {}

  /** Numeric ids only: the runtime does not look names up. {@code umask} null = inherit. */
  @JsonPropertyOrder({"uid", "gid", "umask", "additionalGids"})
  public record User(
      @JsonProperty("uid") long uid,
      @JsonProperty("gid") long gid,
      @JsonProperty("umask") Integer umask,
      @JsonProperty("additionalGids") List<Long> additionalGids) {}

  /** Capability names with the {@code CAP_} prefix. Inheritable and ambient are left empty, as Docker does. */
  @JsonPropertyOrder({"bounding", "effective", "permitted"})
  public record Capabilities(
      @JsonProperty("bounding") List<String> bounding,
      @JsonProperty("effective") List<String> effective,
      @JsonProperty("permitted") List<String> permitted) {}

  /** A POSIX rlimit, type like {@code RLIMIT_NOFILE}; -1 means unlimited (written as 2^64-1). */
  @JsonPropertyOrder({"type", "hard", "soft"})
  public record Rlimit(
      @JsonProperty("type") String type,
      @JsonProperty("hard") @JsonSerialize(using = UnsignedLong.Serializer.class)
          @JsonDeserialize(using = UnsignedLong.Deserializer.class) long hard,
      @JsonProperty("soft") @JsonSerialize(using = UnsignedLong.Serializer.class)
          @JsonDeserialize(using = UnsignedLong.Deserializer.class) long soft) {}

  /** The root filesystem, already mounted at {@code path}. */
  public record Root(
      @JsonProperty("path") String path,
      @JsonProperty("readonly") boolean readonly) {}

  /** One mount, made by the runtime in this order. */
  @JsonPropertyOrder({"destination", "type", "source", "options"})
  public record Mount(
      @JsonProperty("destination") String destination,
      @JsonProperty("type") String type,
      @JsonProperty("source") String source,
      @JsonProperty("options") List<String> options) {}
}
