package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One item of a container's {@code Mounts} (moby {@code api/types/container.MountPoint}):
 * {@code Name} and {@code Driver} only for volumes (Go's omitempty).
 */
public record MountPointWire(
    @JsonProperty("Type") String type,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Name") String name,
    @JsonProperty("Source") String source,
    @JsonProperty("Destination") String destination,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Driver") String driver,
    @JsonProperty("Mode") String mode,
    @JsonProperty("RW") boolean rw,
    @JsonProperty("Propagation") String propagation) {}
