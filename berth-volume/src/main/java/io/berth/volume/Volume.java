package io.berth.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One named volume, as {@code <root>/volumes/<name>/volume.json} stores it and
 * {@code docker volume inspect} shows it.
 *
 * @param name {@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}; anonymous volumes get 64 hex
 * @param driver always {@code local}
 * @param mountpoint {@code <root>/volumes/<name>/_data}
 * @param createdAt RFC 3339, seconds
 * @param labels {@code com.docker.volume.anonymous} marks an anonymous volume
 * @param options the local driver's {@code type}, {@code device} and {@code o}
 */
public record Volume(
    @JsonProperty("Name") String name,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Mountpoint") String mountpoint,
    @JsonProperty("CreatedAt") String createdAt,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("Options") Map<String, String> options) {

  /** The label Docker (API 1.42+) puts on volumes it created without a name. */
  public static final String ANONYMOUS = "com.docker.volume.anonymous";

  public Volume {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  public boolean anonymous() {
    return labels.containsKey(ANONYMOUS);
  }
}
