package io.berth.api.server.http;

import io.berth.api.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request and its response. A handler answers exactly once: with a whole body
 * ({@link #json}, {@link #text}, {@link #empty}), with a chunked stream ({@link #stream}), or by
 * taking over the connection ({@link #hijack}).
 */
public final class Exchange {
  private final Request request;
  private final Map<String, String> pathParams;
  private final InputStream connIn;
  private final OutputStream connOut;
  private final Connection connection;
  private final Map<String, String> commonHeaders;
  private final Map<String, String> extraHeaders = new LinkedHashMap<>();
  private int status;
  private boolean committed;
  private boolean keepAlive = true;

  Exchange(Request request, Map<String, String> pathParams, Connection connection,
      InputStream connIn, OutputStream connOut, Map<String, String> commonHeaders) {
    this.request = request;
    this.pathParams = pathParams;
    this.connection = connection;
    this.connIn = connIn;
    this.connOut = connOut;
    this.commonHeaders = commonHeaders;
    this.keepAlive = request.http10() ? request.headers().hasToken("Connection", "keep-alive")
        : !request.headers().hasToken("Connection", "close");
  }

  public Request request() {
    return request;
  }

  /** A path parameter named in the route's pattern, such as {@code id}. */
  public String param(String name) {
    return pathParams.get(name);
  }

  public String query(String name) {
    return request.query(name);
  }

  public boolean queryBool(String name, boolean fallback) {
    return request.queryBool(name, fallback);
  }

  /** Adds a header to the response; call before answering. */
  public Exchange header(String name, String value) {
    extraHeaders.put(name, value);
    return this;
  }

  public boolean committed() {
    return committed;
  }

  /** The status sent, for the request log. */
  public int status() {
    return status;
  }

  boolean keepAlive() {
    return keepAlive;
  }

  /** A JSON body; Content-Type is exactly {@code application/json}, as the Go client needs. */
  public void json(int status, Object body) {
    byte[] data;
    try {
      data = Json.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] withNewline = new byte[data.length + 1];
    System.arraycopy(data, 0, withNewline, 0, data.length);
    withNewline[data.length] = '\n';
    bytes(status, "application/json", withNewline);
  }

  public void text(int status, String contentType, String body) {
    bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A status without a body (204, 304, 201 for tag...). */
  public void empty(int status) {
    bytes(status, null, new byte[0]);
  }

  public void bytes(int status, String contentType, byte[] body) {
    if (contentType != null) {
      extraHeaders.put("Content-Type", contentType);
    }
    extraHeaders.put("Content-Length", Integer.toString(body.length));
    if (!keepAlive) {
      extraHeaders.put("Connection", "close");
    } else if (request.http10()) {
      extraHeaders.put("Connection", "keep-alive"); // an HTTP/1.0 client closes without it
    }
    try {
      writeHead(status, "");
      if (!request.isHead()) {
        connOut.write(body);
      }
      connOut.flush();
    } catch (IOException e) {
      keepAlive = false;
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a chunked 200 response and returns its body. Each {@code flush()} sends a chunk;
   * {@code close()} ends the response. The connection is closed afterwards.
   */
  public OutputStream stream(int status, String contentType) {
    extraHeaders.put("Content-Type", contentType);
    extraHeaders.put("Transfer-Encoding", "chunked");
    // say so: the docker CLI reuses the connection of a pull for the create that follows it
    // (docker run of a missing image) and got a reset without this header
    extraHeaders.put("Connection", "close");
    keepAlive = false;
    try {
      writeHead(status, "");
      connOut.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ChunkedOutputStream(connOut);
  }

  /**
   * Takes over the connection for a raw bidirectional stream (attach, exec start). With
   * {@code Upgrade: tcp} the answer is {@code 101 UPGRADED}, which the docker CLI and
   * docker-java require; without it, {@code 200 OK} and a raw stream, as moby does.
   */
  public Hijacked hijack(String contentType) {
    keepAlive = false;
    boolean upgrade = request.headers().hasToken("Connection", "upgrade")
        || request.headers().first("Upgrade") != null;
    extraHeaders.put("Content-Type", contentType);
    try {
      if (upgrade) {
        extraHeaders.put("Connection", "Upgrade");
        extraHeaders.put("Upgrade", "tcp");
        writeHead(101, "UPGRADED");
      } else {
        writeHead(200, "");
      }
      connOut.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Hijacked(connIn, connOut, connection);
  }

  private void writeHead(int status, String reason) throws IOException {
    if (committed) {
      throw new IllegalStateException("response already sent");
    }
    committed = true;
    this.status = status;
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(status).append(' ')
        .append(reason.isEmpty() ? Reasons.of(status) : reason).append("\r\n");
    Map<String, String> all = new LinkedHashMap<>(commonHeaders);
    all.putAll(extraHeaders);
    all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    connOut.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
