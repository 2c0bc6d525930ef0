package io.berth.oci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Jackson's errors in the words of Go's encoding/json, which is what Docker's clients and users
 * see from dockerd ({@code json: cannot unmarshal number into Go struct field
 * NetworkCreateRequest.Name of type string}, {@code unexpected EOF}, {@code invalid character
 * 'x' looking for beginning of value}). Jackson's own text names Java classes and the parser's
 * source, which mean nothing to a client.
 */
public final class JsonErrors {
  private static final Pattern TOKEN = Pattern.compile("token `JsonToken\\.(\\w+)`");
  /** A coercion {@link GoJson} refuses: {@code Cannot coerce String value ("x") to ...}. */
  private static final Pattern COERCE = Pattern.compile("^Cannot coerce (\\w+|empty String)");
  private static final Pattern UNEXPECTED_CHAR =
      Pattern.compile("(?:Unexpected character \\(|Unrecognized token )'(.)");

  private JsonErrors() {}

  /** Go's message for a JSON document that could not be read into {@code root}. */
  public static String describe(Exception e, String root) {
    if (e instanceof JsonEOFException
        || (e.getMessage() != null && e.getMessage().contains("end-of-input"))) {
      return "unexpected EOF";
    }
    if (e instanceof MismatchedInputException m) {
      String field = path(m);
      String kind = kind(m);
      String type = goType(m.getTargetType());
      if (field.isEmpty()) {
        return "json: cannot unmarshal " + kind + " into Go value of type " + type;
      }
      return "json: cannot unmarshal " + kind + " into Go struct field " + root + "." + field
          + " of type " + type;
    }
    if (e instanceof DatabindException d && d.getCause() instanceof Exception c && c != e) {
      return describe(c, root); // a record constructor's own check, wrapped by Jackson
    }
    if (e instanceof JsonProcessingException p) {
      String text = String.valueOf(p.getOriginalMessage());
      Matcher m = UNEXPECTED_CHAR.matcher(text);
      if (m.find()) {
        return "invalid character '" + m.group(1) + "' looking for beginning of "
            + (text.contains("start field name") ? "object key string" : "value");
      }
      return "invalid character looking for beginning of value";
    }
    return e.getMessage() == null ? "invalid JSON" : e.getMessage();
  }

  /** The dotted field path of a mapping error: {@code HostConfig.CpuShares}. */
  private static String path(JsonMappingException e) {
    return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "")
        .filter(s -> !s.isEmpty()).collect(Collectors.joining("."));
  }

  /** Go's name for the kind of JSON value that was found. */
  private static String kind(MismatchedInputException e) {
    if (e instanceof InvalidFormatException f && f.getValue() != null) {
      return f.getValue() instanceof String ? "string"
          : f.getValue() instanceof Boolean ? "bool" : "number";
    }
    Matcher coerced = COERCE.matcher(String.valueOf(e.getOriginalMessage()));
    if (coerced.find()) {
      return switch (coerced.group(1)) {
        case "String", "empty String" -> "string";
        case "Boolean" -> "bool";
        default -> "number";
      };
    }
    Matcher named = TOKEN.matcher(String.valueOf(e.getOriginalMessage()));
    JsonToken t = named.find() ? JsonToken.valueOf(named.group(1))
        : e.getProcessor() instanceof JsonParser p ? p.currentToken() : null;
    if (t == null) {
      return "value";
    }
    return switch (t) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_STRING -> "string";
      case VALUE_TRUE, VALUE_FALSE -> "bool";
      case START_ARRAY, END_ARRAY -> "array";
      case START_OBJECT, END_OBJECT, FIELD_NAME -> "object";
      case VALUE_NULL -> "null";
      default -> "value";
    };
  }

  /** Go's name for the type a field has. */
  private static String goType(Class<?> c) {
    if (c == null) {
      return "value";
    }
    if (c == String.class || c == char.class || c == Character.class) {
      return "string";
    }
    if (c == int.class || c == Integer.class) {
      return "int";
    }
    if (c == long.class || c == Long.class) {
      return "int64";
    }
    if (c == short.class || c == Short.class || c == byte.class || c == Byte.class) {
      return "int";
    }
    if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
      return "float64";
    }
    if (c == boolean.class || c == Boolean.class) {
      return "bool";
    }
    if (c.isArray() || Collection.class.isAssignableFrom(c)) {
      return "array";
    }
    if (Map.class.isAssignableFrom(c)) {
      return "map[string]string"; // Docker's labels, options, endpoints: its common map
    }
    return c.getSimpleName();
  }
}
