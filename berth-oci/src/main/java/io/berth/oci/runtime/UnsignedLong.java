package io.berth.oci.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.math.BigInteger;

/**
 * A Go {@code uint64} held in a Java {@code long}: -1 is written as 18446744073709551615, which
 * is what Docker's "unlimited" ulimit (-1) becomes in the spec.
 */
public final class UnsignedLong {
  private UnsignedLong() {}

  public static final class Serializer extends JsonSerializer<Long> {
    @Override
    public void serialize(Long value, JsonGenerator gen, SerializerProvider p) throws IOException {
      if (value >= 0) {
        gen.writeNumber(value);
      } else {
        gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
      }
    }
  }

  public static final class Deserializer extends JsonDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      return parser.getBigIntegerValue().longValue();
    }
  }
}
