package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Every API error body: {@code {"message":"..."}}. */
public record ErrorResponse(@JsonProperty("message") String message) {}
