package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The platform of an index entry. */
public record Platform(
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("os.features") List<String> osFeatures,
    @JsonProperty("variant") String variant) {

  public static Platform of(String os, String architecture) {
    return new Platform(architecture, os, null, null, null);
  }
}
