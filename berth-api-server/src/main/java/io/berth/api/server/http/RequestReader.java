package io.berth.api.server.http;

import io.berth.api.model.ApiVersion;
import io.berth.common.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the request line, headers and body framing of one HTTP/1.1 request. */
final class RequestReader {
  private static final Pattern VERSION_PREFIX = Pattern.compile("^/v([0-9.]+)(/.*)$");
  private static final int MAX_HEADERS = 200;

  private RequestReader() {}

  /** Reads the next request head; the returned body stream is bounded to this request. */
  static Request read(InputStream in) throws IOException {
    String line = HttpLines.readLine(in);
    while (line.isEmpty()) {
      line = HttpLines.readLine(in);
    }
    String[] parts = line.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new MalformedRequest("malformed request line");
    }
    Headers headers = new Headers();
    for (int i = 0; ; i++) {
      String h = HttpLines.readLine(in);
      if (h.isEmpty()) {
        break;
      }
      if (i >= MAX_HEADERS) {
        throw new MalformedRequest("too many headers");
      }
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new MalformedRequest("malformed header line");
      }
      headers.add(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    String target = parts[1];
    int q = target.indexOf('?');
    String rawPath = q >= 0 ? target.substring(0, q) : target;
    Map<String, List<String>> query = parseQuery(q >= 0 ? target.substring(q + 1) : "");
    String path = decode(rawPath);
    ApiVersion version = ApiVersion.CURRENT;
    boolean versioned = false;
    Matcher m = VERSION_PREFIX.matcher(path);
    if (m.matches()) {
      version = ApiVersion.parse(m.group(1));
      if (version == null) {
        throw BerthException.invalid("invalid API version: " + m.group(1));
      }
      versioned = true;
      path = m.group(2);
    }
    return new Request(parts[0], target, path, version, versioned, query, headers, body(in, headers));
  }

  private static InputStream body(InputStream in, Headers headers) throws MalformedRequest {
    if (headers.hasToken("Transfer-Encoding", "chunked")) {
      return new ChunkedInputStream(in);
    }
    String length = headers.first("Content-Length");
    if (length == null) {
      return InputStream.nullInputStream();
    }
    try {
      return new BoundedInputStream(in, Long.parseLong(length));
    } catch (NumberFormatException e) {
      throw new MalformedRequest("bad Content-Length");
    }
  }

  static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decodeQuery(eq >= 0 ? pair.substring(0, eq) : pair);
      String v = eq >= 0 ? decodeQuery(pair.substring(eq + 1)) : "";
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static String decodeQuery(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw BerthException.invalid("invalid query string: " + s);
    }
  }

  /** Percent-decodes a path (a '+' stays a '+', unlike in a query). */
  private static String decode(String s) {
    return decodeQuery(s.replace("+", "%2B"));
  }

  /** A request the server cannot parse; answered with 400 and the connection closed. */
  static final class MalformedRequest extends IOException {
    MalformedRequest(String message) {
      super(message);
    }
  }
}
