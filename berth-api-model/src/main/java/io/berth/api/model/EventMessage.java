package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One line of {@code GET /events}. {@code status}, {@code id} and {@code from} are the legacy
 * fields older clients (docker-py, compose v1) still read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventMessage(
    @JsonProperty("status") String status,
    @JsonProperty("id") String id,
    @JsonProperty("from") String from,
    @JsonProperty("Type") String type,
    @JsonProperty("Action") String action,
    @JsonProperty("Actor") Actor actor,
    @JsonProperty("scope") String scope,
    @JsonProperty("time") long time,
    @JsonProperty("timeNano") long timeNano) {

  public record Actor(@JsonProperty("ID") String id,
      @JsonProperty("Attributes") Map<String, String> attributes) {}
}
