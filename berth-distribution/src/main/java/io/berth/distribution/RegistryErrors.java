package io.berth.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.common.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Registry error bodies ({@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"..."}]}})
 * turned into berth's taxonomy with distribution's wording: {@code manifest unknown: manifest
 * unknown}, {@code unauthorized: authentication required}.
 */
final class RegistryErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RegistryErrors() {}

  /** The registry's own text for a failed response, or the status when it sent none. */
  static String describe(int status, byte[] body) {
    List<String> parts = new ArrayList<>();
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      for (JsonNode e : errors) {
        String code = e.path("code").asText("").toLowerCase(Locale.ROOT).replace('_', ' ');
        String message = e.path("message").asText("");
        parts.add(code.isEmpty() ? message : code + ": " + message);
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall through
    }
    if (!parts.isEmpty()) {
      return String.join(", ", parts);
    }
    String text = new String(body, StandardCharsets.UTF_8).trim();
    if (status == 401) {
      return "unauthorized: authentication required";
    }
    return text.isEmpty() || text.length() > 200 ? "unexpected status " + status : text;
  }

  /** The exception for {@code status}, prefixed with what failed. */
  static BerthException of(int status, String what, byte[] body) {
    String message = what + ": " + describe(status, body);
    return switch (status) {
      case 401 -> new BerthException.Unauthorized(message);
      case 403 -> new BerthException.PermissionDenied(message);
      case 404 -> new BerthException.NotFound(message);
      case 400 -> BerthException.invalid(message);
      default -> BerthException.internal(message, null);
    };
  }
}
