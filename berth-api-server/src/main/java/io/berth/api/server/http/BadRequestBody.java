package io.berth.api.server.http;

import java.io.IOException;

/**
 * A request body whose framing is broken (a chunk size that is not hex, a chunk without its
 * CRLF), or one too large for what it is. Whatever handler reads the body, the answer is this
 * status (400 unless said otherwise) with this text (see {@link ErrorStatus}), never a 500
 * with a Java exception's name.
 */
public final class BadRequestBody extends IOException {
  private final int status;

  public BadRequestBody(String message) {
    this(400, message);
  }

  public BadRequestBody(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
