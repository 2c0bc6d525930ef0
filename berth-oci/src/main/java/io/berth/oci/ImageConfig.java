package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An image configuration (OCI {@code config.json}, Docker's image JSON). Fields berth does not
 * know are dropped when parsed, which is harmless: the stored config bytes, not this record,
 * are what is hashed, saved and served. {@code container} and {@code container_config} are
 * Docker's record of the container an image was committed from ({@code docker commit}): its
 * id and its whole {@code Config}, kept as it came.
 */
public record ImageConfig(
    @JsonProperty("created") String created,
    @JsonProperty("author") String author,
    @JsonProperty("architecture") String architecture,
    @JsonProperty("variant") String variant,
    @JsonProperty("os") String os,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("config") RunConfig config,
    @JsonProperty("rootfs") RootFs rootfs,
    @JsonProperty("history") List<History> history,
    @JsonProperty("comment") String comment,
    @JsonProperty("docker_version") String dockerVersion,
    @JsonProperty("container") String container,
    @JsonProperty("container_config") com.fasterxml.jackson.databind.JsonNode containerConfig) {

  /** Without the container it was committed from (built, imported, pulled). */
  public ImageConfig(String created, String author, String architecture, String variant,
      String os, String osVersion, RunConfig config, RootFs rootfs, List<History> history,
      String comment, String dockerVersion) {
    this(created, author, architecture, variant, os, osVersion, config, rootfs, history, comment,
        dockerVersion, null, null);
  }

  /** The defaults for a container run from the image. */
  public record RunConfig(
      @JsonProperty("User") String user,
      @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
      @JsonProperty("Env") List<String> env,
      @JsonProperty("Entrypoint") List<String> entrypoint,
      @JsonProperty("Cmd") List<String> cmd,
      @JsonProperty("Volumes") Map<String, Object> volumes,
      @JsonProperty("WorkingDir") String workingDir,
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("StopSignal") String stopSignal,
      @JsonProperty("Healthcheck") Healthcheck healthcheck,
      @JsonProperty("OnBuild") List<String> onBuild,
      @JsonProperty("Shell") List<String> shell) {

    public static RunConfig empty() {
      return new RunConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }
  }

  /** Docker's health check settings; durations in nanoseconds. */
  public record Healthcheck(
      @JsonProperty("Test") List<String> test,
      @JsonProperty("Interval") Long interval,
      @JsonProperty("Timeout") Long timeout,
      @JsonProperty("StartPeriod") Long startPeriod,
      @JsonProperty("StartInterval") Long startInterval,
      @JsonProperty("Retries") Integer retries) {}

  /** The layers, by diff ID (digest of the uncompressed tar), bottom first. */
  public record RootFs(
      @JsonProperty("type") String type,
      @JsonProperty("diff_ids") List<String> diffIds) {}

  /** One build step; {@code empty_layer} steps made no layer. */
  public record History(
      @JsonProperty("created") String created,
      @JsonProperty("created_by") String createdBy,
      @JsonProperty("author") String author,
      @JsonProperty("comment") String comment,
      @JsonProperty("empty_layer") Boolean emptyLayer) {

    public boolean isEmptyLayer() {
      return Boolean.TRUE.equals(emptyLayer);
    }
  }

  public static ImageConfig parse(byte[] data) {
    return OciJson.read(data, ImageConfig.class, "image config");
  }

  public List<String> diffIds() {
    return rootfs == null || rootfs.diffIds() == null ? List.of() : rootfs.diffIds();
  }

  public RunConfig runConfig() {
    return config == null ? RunConfig.empty() : config;
  }

  public List<History> historyOrEmpty() {
    return history == null ? List.of() : history;
  }
}
