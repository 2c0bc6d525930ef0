package io.berth.api.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.api.server.http.BadRequestBody;
import io.berth.api.server.http.Exchange;
import io.berth.common.BerthException;
import io.berth.oci.GoJson;
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
 * <p>Typing: {@link #STRICT} refuses what Go's decoder refuses ({@link GoJson}); a body berth
 * reads as a tree is checked against Go's types by {@link RequestShapes}.
 */
final class JsonBody {
  /** The largest JSON request body read. */
  static final int LIMIT = 4 << 20;

  /** Docker's names ({@link WireNames}), without the scalar coercions that Go does not make. */
  static final ObjectMapper STRICT = strict();

  private JsonBody() {}

  private static ObjectMapper strict() {
    return GoJson.strict(WireNames.MAPPER.copy());
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
    return value(ex, type, type.getSimpleName());
  }

  /** The same, {@code root} naming it in errors as Go's type name does ({@code UpdateConfig}). */
  static <T> T value(Exchange ex, Class<T> type, String root) {
    byte[] data = bytes(ex);
    try {
      return STRICT.readValue(data.length == 0 ? "{}".getBytes() : data, type);
    } catch (IOException e) {
      throw invalid(e, root);
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
    String go = JsonErrors.describe(e, root);
    // Go's decoder messages stand alone, as dockerd sends them ("json: cannot unmarshal …")
    return new BerthException.InvalidArgument(go.startsWith("json: ") ? go
        : "invalid JSON: " + go, e);
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

  static String kind(JsonNode n) {
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
