package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of a JSON progress stream (moby's {@code jsonmessage}). Errors carry both
 * {@code errorDetail} and the deprecated {@code error}, which docker-py still reads.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressMessage(
    @JsonProperty("status") String status,
    @JsonProperty("id") String id,
    @JsonProperty("stream") String stream,
    @JsonProperty("errorDetail") ErrorDetail errorDetail,
    @JsonProperty("error") String error) {

  /** The error of a stream that failed after its headers were sent. */
  public record ErrorDetail(@JsonProperty("message") String message) {}

  public static ProgressMessage stream(String text) {
    return new ProgressMessage(null, null, text, null, null);
  }

  public static ProgressMessage status(String text) {
    return new ProgressMessage(text, null, null, null, null);
  }

  public static ProgressMessage error(String message) {
    return new ProgressMessage(null, null, null, new ErrorDetail(message), message);
  }
}
