package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code GET /volumes/{name}} and the items of {@code GET /volumes}. */
public record VolumeWire(
    @JsonProperty("CreatedAt") String createdAt,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("Mountpoint") String mountpoint,
    @JsonProperty("Name") String name,
    @JsonProperty("Options") Map<String, String> options,
    @JsonProperty("Scope") String scope,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("UsageData") UsageData usageData) {

  /** {@code system df}: bytes used and the number of containers that reference it. */
  public record UsageData(@JsonProperty("Size") long size,
      @JsonProperty("RefCount") long refCount) {}

  /** {@code GET /volumes}. */
  public record ListResponse(@JsonProperty("Volumes") List<VolumeWire> volumes,
      @JsonProperty("Warnings") List<String> warnings) {}

  /** {@code POST /volumes/create}. */
  public record CreateRequest(@JsonProperty("Name") String name,
      @JsonProperty("Driver") String driver,
      @JsonProperty("DriverOpts") Map<String, String> driverOpts,
      @JsonProperty("Labels") Map<String, String> labels) {}

  /** {@code POST /volumes/prune}; {@code VolumesDeleted} is [] when none was, as dockerd's. */
  public record PruneResponse(@JsonProperty("VolumesDeleted") List<String> volumesDeleted,
      @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
}
