package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"Id": ...}}, as exec create answers. */
public record IdResponse(@JsonProperty("Id") String id) {}
