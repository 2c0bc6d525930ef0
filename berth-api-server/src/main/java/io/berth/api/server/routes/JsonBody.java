package io.berth.api.server.routes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.berth.api.server.http.BadRequestBody;
import io.berth.api.server.http.Exchange;
import io.berth.common.BerthException;
import io.berth.oci.JsonErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * JSON request bodies: read with a size limit, and typed as Go's encoding/json types them.
 *
 * <p>dockerd streams bodies into Go structs and has no limit of its own; berth holds a body as
 * a Jackson tree before binding it, which costs about sixteen times its size (a 100 MiB create
 * body of a million labels took 1.6 GB). No client sends more than a few KiB (a process's
 * whole argv and environment fit in 2 MiB, Linux's ARG_MAX), so a body over {@link #LIMIT} is
 * answered 413 before it is parsed.
 *
 * <p>Typing: Jackson turns {@code 5} into {@code "5"} for a string field and {@code 1.5} into
 * {@code 1} for an integer; Go refuses both ({@code json: cannot unmarshal number 1.5 into Go
 * struct field HostConfig.CpuShares of type int64}), and so does {@link #STRICT}.
 */
final class JsonBody {
  /** The largest JSON request body read. */
  static final int LIMIT = 4 << 20;

  /** Docker's names ({@link WireNames}), without the scalar coercions that Go does not make. */
  static final ObjectMapper STRICT = strict();

  private JsonBody() {}

  private static ObjectMapper strict() {
    ObjectMapper m = WireNames.MAPPER.copy()
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    m.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    return m;
  }

  /** The body's bytes; 413 past {@link #LIMIT}, without reading a body that says it is larger. */
  static byte[] bytes(Exchange ex) {
    try {
      String length = ex.request().headers().first("Content-Length");
      if (length != null && Long.parseLong(length) > LIMIT) {
        throw tooLarge();
      }
      InputStream in = ex.request().body();
      byte[] data = in.readNBytes(LIMIT + 1);
      if (data.length > LIMIT) {
        throw tooLarge();
      }
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BadRequestBody tooLarge() {
    return new BadRequestBody(413, "request body is larger than " + (LIMIT >> 20) + " MiB");
  }

  /** The body as a tree; null when it is empty. {@code root} names it in errors. */
  static JsonNode tree(Exchange ex, String root) {
    byte[] data = bytes(ex);
    if (data.length == 0) {
      return null;
    }
    try {
      return STRICT.readTree(data);
    } catch (IOException e) {
      throw invalid(e, root);
    }
  }

  /** The body bound to {@code type}; an empty body is {@code {}}. */
  static <T> T value(Exchange ex, Class<T> type) {
    byte[] data = bytes(ex);
    try {
      return STRICT.readValue(data.length == 0 ? "{}".getBytes() : data, type);
    } catch (IOException e) {
      throw invalid(e, type.getSimpleName());
    }
  }

  /** A part of a tree bound to {@code type}, as Go would bind it. */
  static <T> T convert(JsonNode node, Class<T> type, String root) {
    try {
      return STRICT.treeToValue(node, type);
    } catch (IOException | IllegalArgumentException e) {
      throw invalid(e, root);
    }
  }

  private static BerthException invalid(Exception e, String root) {
    return new BerthException.InvalidArgument("invalid JSON: " + JsonErrors.describe(e, root),
        e);
  }

  /** A string field; another kind of value is Go's unmarshal error. Absent or null is null. */
  static String text(JsonNode parent, String field, String root) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw BerthException.invalid("json: cannot unmarshal " + kind(n) + " into Go struct field "
          + root + "." + field + " of type string");
    }
    return n.asText();
  }

  /** A boolean field, absent or null being {@code fallback}. */
  static boolean bool(JsonNode parent, String field, String root, boolean fallback) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw BerthException.invalid("json: cannot unmarshal " + kind(n) + " into Go struct field "
          + root + "." + field + " of type bool");
    }
    return n.asBoolean();
  }

  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case NUMBER -> "number";
      case STRING -> "string";
      case BOOLEAN -> "bool";
      case ARRAY -> "array";
      case OBJECT -> "object";
      default -> "value";
    };
  }
}
