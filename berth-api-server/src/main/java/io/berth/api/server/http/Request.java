package io.berth.api.server.http;

import io.berth.api.model.ApiVersion;
import io.berth.common.Booleans;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * One parsed HTTP request. {@code path} is the decoded path without its {@code /vX.Y} prefix;
 * {@code version} is the prefix's version, or the current one for unversioned paths;
 * {@code http10} marks an HTTP/1.0 request (no keep-alive unless it asks for it).
 */
public record Request(
    String method,
    String rawTarget,
    String path,
    ApiVersion version,
    boolean versioned,
    Map<String, List<String>> query,
    Headers headers,
    InputStream body,
    boolean http10) {

  /** The first value of a query parameter, or null. */
  public String query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  public List<String> queryAll(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** A query boolean with Docker's rules; absent is {@code fallback}. */
  public boolean queryBool(String name, boolean fallback) {
    String v = query(name);
    return v == null ? fallback : Booleans.parse(v);
  }

  public boolean isHead() {
    return "HEAD".equals(method);
  }
}
