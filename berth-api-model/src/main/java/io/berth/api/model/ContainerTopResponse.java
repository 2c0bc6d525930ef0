package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /containers/{id}/top}. */
public record ContainerTopResponse(@JsonProperty("Titles") List<String> titles,
    @JsonProperty("Processes") List<List<String>> processes) {}
