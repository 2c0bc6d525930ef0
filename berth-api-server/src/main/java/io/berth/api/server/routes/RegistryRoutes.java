package io.berth.api.server.routes;

import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Route;
import io.berth.common.BerthException;
import io.berth.distribution.AuthConfig;
import io.berth.image.DistributionInspector;
import io.berth.image.ImageService;
import io.berth.image.Puller;
import io.berth.image.Reference;
import io.berth.oci.Platform;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registry operations: pull ({@code POST /images/create?fromImage=}, dispatched from
 * {@link ImageRoutes}), {@code POST /images/{name}/push}, {@code POST /auth} and
 * {@code GET /distribution/{name}/json}. Credentials come in {@code X-Registry-Auth}.
 */
public final class RegistryRoutes {
  private RegistryRoutes() {}

  public static List<Route> routes(ImageService images) {
    return List.of(
        Route.post("/auth", ex -> login(images, ex)),
        Route.get("/distribution/{name*}/json", ex -> distribution(images, ex)),
        Route.post("/images/{name*}/push", ex -> push(images, ex)));
  }

  static AuthConfig auth(Exchange ex) {
    return AuthConfig.decodeHeader(ex.request().headers().first("X-Registry-Auth"));
  }

  /** {@code fromImage} may carry the tag or digest; {@code tag} may be either too. */
  static void pull(ImageService images, Exchange ex) throws IOException {
    String from = ex.query("fromImage");
    String tag = ex.query("tag");
    Reference ref = Reference.parse(from);
    if (tag != null && !tag.isEmpty()) {
      ref = tag.contains(":") ? ref.withDigest(tag) : ref.withTag(tag);
    }
    JsonProgress progress = new JsonProgress(ex);
    try {
      images.pull(new Puller.Request(ref, auth(ex), ex.query("platform")), progress);
    } catch (RuntimeException e) {
      progress.fail(asDockerd(e));
    }
    progress.finish();
  }

  /**
   * A registry's refusal during pull or push is a 500 from dockerd (moby's
   * {@code translatePullError} makes it Unknown), not a 401: on a 401 the docker CLI would
   * prompt for credentials and retry, and without a terminal it waits forever.
   */
  private static RuntimeException asDockerd(RuntimeException e) {
    return e instanceof BerthException.Unauthorized
        ? BerthException.internal(e.getMessage(), e) : e;
  }

  private static void push(ImageService images, Exchange ex) throws IOException {
    JsonProgress progress = new JsonProgress(ex);
    try {
      images.push(ex.param("name"), ex.query("tag"), auth(ex), progress);
    } catch (RuntimeException e) {
      progress.fail(asDockerd(e));
    }
    progress.finish();
  }

  private static void login(ImageService images, Exchange ex) throws IOException {
    AuthConfig auth = AuthConfig.fromJson(JsonBody.bytes(ex));
    images.login(auth);
    Map<String, String> body = new LinkedHashMap<>();
    body.put("Status", "Login Succeeded");
    body.put("IdentityToken", "");
    ex.json(200, body);
  }

  private static void distribution(ImageService images, Exchange ex) {
    DistributionInspector.Result r = images.distribution(ex.param("name"), auth(ex));
    Map<String, Object> descriptor = new LinkedHashMap<>();
    descriptor.put("mediaType", r.descriptor().mediaType());
    descriptor.put("digest", r.descriptor().digest());
    descriptor.put("size", r.descriptor().size());
    List<Map<String, Object>> platforms = r.platforms().stream().map(RegistryRoutes::platform)
        .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Descriptor", descriptor);
    body.put("Platforms", platforms);
    ex.json(200, body);
  }

  private static Map<String, Object> platform(Platform p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architecture", p.architecture());
    m.put("os", p.os());
    if (p.variant() != null) {
      m.put("variant", p.variant());
    }
    return m;
  }

}
