package io.berth.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.common.BerthException;
import io.berth.oci.JsonErrors;
import java.io.IOException;

/** The engine's one Jackson configuration, for config.v2.json and hostconfig.json. */
public final class EngineJson {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private EngineJson() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    } catch (IOException e) {
      throw BerthException.internal("encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** Parses {@code data}; malformed input is {@code InvalidArgument} naming {@code what}. */
  public static <T> T read(byte[] data, Class<T> type, String what) {
    try {
      return MAPPER.readValue(data, type);
    } catch (IOException e) {
      throw new BerthException.InvalidArgument("invalid " + what + ": "
          + JsonErrors.describe(e, type.getSimpleName()), e);
    }
  }
}
