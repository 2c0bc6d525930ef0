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
    @JsonProperty("error") String error,
    @JsonProperty("progressDetail") ProgressDetail progressDetail,
    @JsonProperty("aux") Object aux) {

  public ProgressMessage(String status, String id, String stream, ErrorDetail errorDetail,
      String error) {
    this(status, id, stream, errorDetail, error, null, null);
  }

  /** Bytes done and expected, for the client's progress bar. */
  public record ProgressDetail(@JsonProperty("current") long current,
      @JsonProperty("total") long total) {}

  /** A layer's status, with progress detail when {@code current >= 0}. */
  public static ProgressMessage layer(String id, String status, long current, long total) {
    return new ProgressMessage(status, id, null, null, null,
        current < 0 ? null : new ProgressDetail(current, total), null);
  }

  public static ProgressMessage aux(Object value) {
    return new ProgressMessage(null, null, null, null, null, null, value);
  }

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
