package io.berth.distribution;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code /v2/<name>/blobs/uploads/}: cross-repository mount, monolithic upload (POST, then one
 * PUT with the body) for small blobs and chunked upload (POST, a streamed PATCH, an empty PUT)
 * for large ones, as distribution's {@code docs/spec/api.md} describes.
 */
public final class UploadEndpoint {
  /** Blobs up to this size go in one PUT. */
  static final long MONOLITHIC_MAX = 1 << 20;

  private final RegistrySession session;

  public UploadEndpoint(RegistrySession session) {
    this.session = session;
  }

  /**
   * Asks the registry to link {@code digest} from repository {@code from} on the same registry.
   * True when it did (201); false when it started an upload instead (the upload is abandoned).
   */
  public boolean mount(Digest digest, String from) {
    HttpResponse<byte[]> r = session.send(HttpRequest.newBuilder(session.uri(
        "blobs/uploads/?mount=" + enc(digest.toString()) + "&from=" + enc(from)))
        .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 201) {
      return true;
    }
    if (r.statusCode() == 202) {
      return false;
    }
    throw RegistryErrors.of(r.statusCode(), "mount blob " + digest, r.body());
  }

  /** Uploads a blob of {@code size} bytes; {@code body} opens it. */
  public void upload(Digest digest, long size, Supplier<InputStream> body) {
    URI location = start();
    HttpResponse<byte[]> r;
    if (size <= MONOLITHIC_MAX) {
      r = session.sendStreaming(HttpRequest.newBuilder(withDigest(location, digest))
          .header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(body), size)),
          HttpResponse.BodyHandlers.ofByteArray());
    } else {
      r = session.sendStreaming(HttpRequest.newBuilder(location)
          .header("Content-Type", "application/octet-stream")
          .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(body), size)),
          HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 202) {
        throw RegistryErrors.of(r.statusCode(), "upload blob " + digest, r.body());
      }
      URI next = location(r, location);
      r = session.send(HttpRequest.newBuilder(withDigest(next, digest))
          .PUT(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray());
    }
    if (r.statusCode() != 201) {
      throw RegistryErrors.of(r.statusCode(), "upload blob " + digest, r.body());
    }
  }

  private URI start() {
    HttpResponse<byte[]> r = session.send(HttpRequest.newBuilder(session.uri("blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 202) {
      throw RegistryErrors.of(r.statusCode(), "start blob upload", r.body());
    }
    return location(r, session.uri("blobs/uploads/"));
  }

  private static URI location(HttpResponse<?> r, URI relativeTo) {
    String loc = r.headers().firstValue("Location").orElseThrow(() ->
        BerthException.internal("the registry sent no upload Location", null));
    return relativeTo.resolve(loc);
  }

  private static URI withDigest(URI location, Digest digest) {
    String s = location.toString();
    return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + enc(digest.toString()));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
