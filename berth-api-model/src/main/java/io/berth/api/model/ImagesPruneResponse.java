package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /images/prune}; {@code ImagesDeleted} is null when nothing was removed, as in moby. */
public record ImagesPruneResponse(
    @JsonProperty("ImagesDeleted") List<ImageDeleteItem> imagesDeleted,
    @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
