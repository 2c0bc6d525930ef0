package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.common.BerthException;
import java.io.IOException;

/**
 * The Jackson configuration for image-spec JSON: unknown fields ignored on read, absent fields
 * left out on write. Configs are only ever parsed to be read: the stored bytes are the truth
 * (the image ID is their digest), so nothing here is re-serialized to be hashed again.
 */
public final class OciJson {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private OciJson() {}

  /** Parses {@code data} as {@code type}; malformed JSON is {@code InvalidArgument}. */
  public static <T> T read(byte[] data, Class<T> type, String what) {
    try {
      return MAPPER.readValue(data, type);
    } catch (IOException e) {
      throw new BerthException.InvalidArgument("invalid " + what + ": "
          + JsonErrors.describe(e, type.getSimpleName()), e);
    }
  }

  /** Serializes {@code value} compactly, as Go's encoding/json does. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw BerthException.internal("encode json", e);
    }
  }
}
