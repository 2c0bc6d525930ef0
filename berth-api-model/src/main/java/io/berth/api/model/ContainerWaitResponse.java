package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /containers/{id}/wait}: {@code Error} is null or {@code {"Message": ...}}. */
public record ContainerWaitResponse(@JsonProperty("StatusCode") long statusCode,
    @JsonProperty("Error") WaitError error) {

  public record WaitError(@JsonProperty("Message") String message) {}
}
