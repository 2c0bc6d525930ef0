package io.berth.distribution;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.oci.MediaTypes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** {@code /v2/<name>/manifests/<reference>}: GET, HEAD and PUT of manifests and indexes. */
public final class ManifestEndpoint {
  static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX,
      MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);

  private final RegistrySession session;

  public ManifestEndpoint(RegistrySession session) {
    this.session = session;
  }

  /** A manifest as the registry sent it; {@code digest} is computed from the bytes. */
  public record Fetched(byte[] bytes, String mediaType, Digest digest) {}

  /**
   * GETs a manifest by tag or digest. A digest reference must match the bytes.
   *
   * @throws BerthException.NotFound {@code manifest unknown}
   */
  public Fetched get(String reference) {
    HttpResponse<byte[]> r = session.send(HttpRequest.newBuilder(
        session.uri("manifests/" + reference)).header("Accept", ACCEPT).GET(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw RegistryErrors.of(r.statusCode(), "Get \"" + r.uri() + "\"", r.body());
    }
    Digest digest = Digest.sha256(r.body());
    if (reference.contains(":") && !digest.toString().equals(reference)) {
      throw BerthException.invalid("manifest verification failed for digest " + reference);
    }
    String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
    return new Fetched(r.body(), type.isEmpty() ? sniff(r.body()) : type, digest);
  }

  /** The digest of the manifest {@code reference} names, or null when there is none. */
  public Digest head(String reference) {
    HttpResponse<byte[]> r = session.send(HttpRequest.newBuilder(
        session.uri("manifests/" + reference)).header("Accept", ACCEPT)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw RegistryErrors.of(r.statusCode(), "Head \"" + r.uri() + "\"", r.body());
    }
    return r.headers().firstValue("Docker-Content-Digest").map(Digest::parse).orElse(null);
  }

  /** PUTs a manifest under a tag or its digest; returns its digest. */
  public Digest put(String reference, byte[] bytes, String mediaType) {
    HttpResponse<byte[]> r = session.send(HttpRequest.newBuilder(
        session.uri("manifests/" + reference)).header("Content-Type", mediaType)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw RegistryErrors.of(r.statusCode(), "Put \"" + r.uri() + "\"", r.body());
    }
    return Digest.sha256(bytes);
  }

  /** A registry that sends no Content-Type: read {@code mediaType} from the JSON. */
  private static String sniff(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 4096),
        java.nio.charset.StandardCharsets.UTF_8);
    for (String t : new String[] {MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST,
        MediaTypes.DOCKER_MANIFEST, MediaTypes.OCI_MANIFEST}) {
      if (s.contains(t)) {
        return t;
      }
    }
    return s.contains("\"manifests\"") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
  }
}
