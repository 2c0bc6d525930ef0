package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One element of {@code GET /containers/{id}/changes}: {@code Kind} 0 modified, 1 added,
 * 2 deleted.
 */
public record ContainerChangeResponseItem(@JsonProperty("Path") String path,
    @JsonProperty("Kind") int kind) {}
