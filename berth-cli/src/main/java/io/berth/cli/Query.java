package io.berth.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A request target: a path with percent-encoded segments and query parameters, in order. */
final class Query {
  private final StringBuilder target;
  private boolean first = true;

  private Query(String path) {
    this.target = new StringBuilder(path);
  }

  /** {@code Query.path("/images/", name, "/json")}: odd arguments are encoded segments. */
  static Query path(String... parts) {
    StringBuilder b = new StringBuilder(Api.V);
    for (int i = 0; i < parts.length; i++) {
      b.append(i % 2 == 0 ? parts[i] : segment(parts[i]));
    }
    return new Query(b.toString());
  }

  /** Adds {@code name=value}; repeated names are repeated, as Go's url.Values encodes them. */
  Query add(String name, String value) {
    target.append(first ? '?' : '&').append(name).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    first = false;
    return this;
  }

  /** Adds {@code name=1} when the flag is set, as the docker CLI sends booleans. */
  Query flag(String name, boolean set) {
    return set ? add(name, "1") : this;
  }

  @Override
  public String toString() {
    return target.toString();
  }

  /** An image name keeps its slashes and colons in the path, as the docker CLI sends it. */
  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")
        .replace("%2F", "/").replace("%3A", ":").replace("%40", "@");
  }
}
