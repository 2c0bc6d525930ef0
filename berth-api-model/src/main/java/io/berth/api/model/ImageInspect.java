package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /images/{name}/json}. {@code VirtualSize} only before API 1.44. {@code Config} and
 * {@code ContainerConfig} are a container's {@code Config}, written by the API server's mapping
 * of the engine's record (as {@link ContainerInspect}'s), not repeated here field by field.
 */
public record ImageInspect(
    @JsonProperty("Id") String id,
    @JsonProperty("RepoTags") List<String> repoTags,
    @JsonProperty("RepoDigests") List<String> repoDigests,
    @JsonProperty("Parent") String parent,
    @JsonProperty("Comment") String comment,
    @JsonProperty("Created") String created,
    @JsonProperty("Container") String container,
    @JsonProperty("ContainerConfig") JsonNode containerConfig,
    @JsonProperty("DockerVersion") String dockerVersion,
    @JsonProperty("Author") String author,
    @JsonProperty("Config") JsonNode config,
    @JsonProperty("Architecture") String architecture,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Variant") String variant,
    @JsonProperty("Os") String os,
    @JsonProperty("Size") long size,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("VirtualSize") Long virtualSize,
    @JsonProperty("GraphDriver") GraphDriver graphDriver,
    @JsonProperty("RootFS") RootFs rootFs,
    @JsonProperty("Metadata") Metadata metadata) {

  /** Where the layers live; berth's snapshots are overlayfs, as containerd's. */
  public record GraphDriver(@JsonProperty("Name") String name,
      @JsonProperty("Data") Map<String, String> data) {}

  /** The layers by diff ID. */
  public record RootFs(@JsonProperty("Type") String type,
      @JsonProperty("Layers") List<String> layers) {}

  /** When a name was last attached; Go's zero time when never. */
  public record Metadata(@JsonProperty("LastTagTime") String lastTagTime) {}
}
