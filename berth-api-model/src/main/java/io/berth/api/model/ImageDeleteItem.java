package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of {@code DELETE /images/{name}}: {@code {"Untagged":..}} or {@code {"Deleted":..}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDeleteItem(
    @JsonProperty("Untagged") String untagged,
    @JsonProperty("Deleted") String deleted) {}
