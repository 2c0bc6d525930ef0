package io.berth.api.server.http;

import io.berth.api.model.ApiVersion;
import io.berth.common.BerthException;
import io.berth.common.BoundedInputStream;
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

/**
 * Parses the request line, headers and body framing of one HTTP/1.1 request, refusing what Go's
 * net/http (dockerd's server) refuses, with its statuses: a head over 1 MiB (431), a space in a
 * header name, a missing Host, two different Content-Lengths, a transfer coding other than
 * {@code chunked} (501). A lax parser here is a request-smuggling hole behind any proxy.
 */
final class RequestReader {
  private static final Pattern VERSION_PREFIX = Pattern.compile("^/v([0-9.]+)(/.*)$");
  private static final Pattern PROTO = Pattern.compile("HTTP/(\\d)\\.(\\d)");
  /** Go's {@code DefaultMaxHeaderBytes} plus the 4096 bytes of slack its reader allows. */
  static final int MAX_HEAD = (1 << 20) + 4096;

  private int budget = MAX_HEAD;

  private RequestReader() {}

  /** Reads the next request head; the returned body stream is bounded to this request. */
  static Request read(InputStream in) throws IOException {
    return new RequestReader().readRequest(in);
  }

  private String line(InputStream in) throws IOException {
    String line = HttpLines.readLine(in, budget);
    if (line == null) {
      throw MalformedRequest.tooLarge();
    }
    budget -= line.length() + 2;
    return line;
  }

  private Request readRequest(InputStream in) throws IOException {
    String line = line(in);
    while (line.isEmpty()) {
      line = line(in);
    }
    int sp1 = line.indexOf(' ');
    int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp2 < 0) {
      throw MalformedRequest.bad(null);
    }
    String method = line.substring(0, sp1);
    String target = line.substring(sp1 + 1, sp2);
    Matcher proto = PROTO.matcher(line.substring(sp2 + 1));
    if (!proto.matches()) {
      throw MalformedRequest.bad(null);
    }
    if (!proto.group(1).equals("1")) {
      throw new MalformedRequest(505, "HTTP Version Not Supported: unsupported protocol version",
          null);
    }
    boolean http10 = proto.group(2).equals("0");
    target = originForm(target);
    if (!HeaderSyntax.isToken(method) || target == null) {
      throw MalformedRequest.bad(null);
    }
    Headers headers = readHeaders(in);
    List<String> hosts = headers.all("Host");
    if (hosts.isEmpty() && !http10) {
      throw MalformedRequest.bad("missing required Host header");
    }
    if (hosts.size() > 1) {
      throw MalformedRequest.bad(null);
    }
    if (hosts.size() == 1 && !HeaderSyntax.isHost(hosts.getFirst())) {
      throw MalformedRequest.bad("malformed Host header");
    }
    InputStream body = body(in, headers);
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
    return new Request(method, target, path, version, versioned, query, headers, body, http10);
  }

  private Headers readHeaders(InputStream in) throws IOException {
    Headers headers = new Headers();
    String name = null;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      if (h.charAt(0) == ' ' || h.charAt(0) == '\t') {
        if (name == null) {
          throw MalformedRequest.bad(null);
        }
        headers.appendToLast(name, " " + h.strip()); // obsolete line folding, as Go accepts it
        continue;
      }
      int colon = h.indexOf(':');
      if (colon < 0) {
        throw MalformedRequest.bad(null);
      }
      name = h.substring(0, colon);
      String value = h.substring(colon + 1).strip();
      if (!HeaderSyntax.isToken(name)) {
        throw MalformedRequest.bad("invalid header name");
      }
      if (!HeaderSyntax.isValue(value)) {
        throw MalformedRequest.bad("invalid header value");
      }
      headers.add(name, value);
    }
    return headers;
  }

  /** The path and query of a target; an absolute URI loses its scheme and host, as in Go. */
  private static String originForm(String target) {
    if (target.startsWith("/")) {
      return target;
    }
    for (String scheme : new String[] {"http://", "https://"}) {
      if (target.regionMatches(true, 0, scheme, 0, scheme.length())) {
        int slash = target.indexOf('/', scheme.length());
        return slash < 0 ? "/" : target.substring(slash);
      }
    }
    return null;
  }

  /** The body framing of RFC 9112 §6, as Go reads it: chunked wins over Content-Length. */
  private static InputStream body(InputStream in, Headers headers) throws MalformedRequest {
    List<String> te = headers.all("Transfer-Encoding");
    if (!te.isEmpty()) {
      if (te.size() != 1 || !te.getFirst().equalsIgnoreCase("chunked")) {
        throw new MalformedRequest(501, null, "Unsupported transfer encoding");
      }
      return new ChunkedInputStream(in);
    }
    List<String> lengths = headers.all("Content-Length");
    if (lengths.isEmpty()) {
      return InputStream.nullInputStream();
    }
    String first = lengths.getFirst();
    for (String l : lengths) {
      if (!l.equals(first)) {
        throw MalformedRequest.bad(null);
      }
    }
    if (first.isEmpty() || first.length() > 18 || !first.chars().allMatch(Character::isDigit)) {
      throw MalformedRequest.bad(null);
    }
    return BoundedInputStream.strict(in, Long.parseLong(first),
        () -> new BadRequestBody("unexpected EOF")); // the client sent less than it announced
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

  /** Percent-decodes a path (a '+' stays a '+', unlike in a query); a bad escape is a 400. */
  private static String decode(String s) throws MalformedRequest {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw MalformedRequest.bad(null);
    }
  }

  /**
   * A request the server cannot parse; answered as Go's net/http answers it (plain text, the
   * connection closed) before any handler runs.
   */
  static final class MalformedRequest extends IOException {
    final int status;
    final String body;

    /**
     * @param reason the text after the status, as in {@code 400 Bad Request: invalid header
     *     name}; null for the bare status line
     * @param body the body, or null for the status line's text
     */
    MalformedRequest(int status, String reason, String body) {
      super(reason == null ? Reasons.of(status) : reason);
      this.status = status;
      String line = status + " " + (reason == null ? Reasons.of(status) : reason);
      this.body = body == null ? line : body;
    }

    static MalformedRequest bad(String detail) {
      return new MalformedRequest(400, detail == null ? null : "Bad Request: " + detail, null);
    }

    static MalformedRequest tooLarge() {
      return new MalformedRequest(431, null, null);
    }

    /** The status line's text after the code. */
    String statusText() {
      return getMessage();
    }
  }
}
