package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /containers/prune}; {@code ContainersDeleted} is null when none was. */
public record ContainersPruneResponse(
    @JsonProperty("ContainersDeleted") List<String> containersDeleted,
    @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
