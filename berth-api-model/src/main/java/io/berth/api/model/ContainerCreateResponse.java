package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /containers/create} 201. */
public record ContainerCreateResponse(@JsonProperty("Id") String id,
    @JsonProperty("Warnings") List<String> warnings) {}
