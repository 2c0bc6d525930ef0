package io.berth.api.server.http;

import java.io.IOException;

/**
 * A request body whose framing is broken (a chunk size that is not hex, a chunk without its
 * CRLF). Whatever handler reads the body, the answer is a 400 with Go's text (see
 * {@link ErrorStatus}), never a 500 with a Java exception's name.
 */
public final class BadRequestBody extends IOException {
  public BadRequestBody(String message) {
    super(message);
  }
}
