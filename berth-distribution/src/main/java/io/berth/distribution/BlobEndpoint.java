package io.berth.distribution;

import io.berth.common.Digest;
import io.berth.common.Messages;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** {@code /v2/<name>/blobs/<digest>}: HEAD for existence, GET with an optional Range. */
public final class BlobEndpoint {
  private final RegistrySession session;

  public BlobEndpoint(RegistrySession session) {
    this.session = session;
  }

  /** An open blob body; {@code offset} is where it starts (0 when the Range was ignored). */
  public record Opened(InputStream body, long offset, long length) {}

  /** The blob's size, or -1 when the registry does not have it. */
  public long head(Digest digest) {
    HttpResponse<byte[]> r = session.send(HttpRequest.newBuilder(
        session.uri("blobs/" + digest)).method("HEAD", HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 404) {
      return -1;
    }
    if (r.statusCode() != 200) {
      throw RegistryErrors.of(r.statusCode(), "Head \"" + r.uri() + "\"", r.body());
    }
    return r.headers().firstValueAsLong("Content-Length").orElse(0);
  }

  /**
   * GETs the blob from byte {@code offset} on ({@code Range: bytes=offset-}); redirects to
   * storage are followed. The caller closes the body.
   */
  public Opened open(Digest digest, long offset) {
    HttpRequest.Builder b = HttpRequest.newBuilder(session.uri("blobs/" + digest)).GET();
    if (offset > 0) {
      b.header("Range", "bytes=" + offset + "-");
    }
    HttpResponse<InputStream> r = session.send(b, HttpResponse.BodyHandlers.ofInputStream());
    long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (r.statusCode() == 206 && offset > 0) {
      return new Opened(r.body(), offset, length);
    }
    if (r.statusCode() == 200) {
      return new Opened(r.body(), 0, length);
    }
    throw RegistryErrors.of(r.statusCode(), "Get \"" + r.uri() + "\"",
        RegistrySession.errorBody(r));
  }

  /** A small blob (a config) read whole; its digest is checked. */
  public byte[] openBytes(Digest digest) {
    Opened o = open(digest, 0);
    try (InputStream in = o.body()) {
      byte[] b = in.readNBytes(64 << 20);
      if (!Digest.sha256(b).equals(digest)) {
        throw io.berth.common.BerthException.invalid("blob " + digest + " does not match its digest");
      }
      return b;
    } catch (java.io.IOException e) {
      throw new io.berth.common.BerthException.Unavailable("GET blob " + digest + ": "
          + Messages.of(e), e);
    }
  }
}
