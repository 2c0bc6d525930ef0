package io.berth.distribution;

import io.berth.common.BerthException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entry point to registries: one {@link HttpClient} per endpoint (its own TLS trust from
 * certs.d), and {@link RegistrySession}s per repository and credentials. The endpoint classes
 * ({@link ManifestEndpoint}, {@link BlobEndpoint}, {@link UploadEndpoint}) work on a session.
 */
public final class RegistryClient {
  private final RegistryConfig config;
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

  public RegistryClient(RegistryConfig config) {
    this.config = config;
  }

  public RegistryConfig config() {
    return config;
  }

  /** Sessions to pull {@code repository} of registry {@code host}: mirrors first, origin last. */
  public List<RegistrySession> pullSessions(String host, String repository, AuthConfig auth) {
    List<RegistrySession> out = new ArrayList<>();
    for (URI base : config.pullEndpoints(host)) {
      out.add(new RegistrySession(client(base), base, repository, auth,
          List.of("repository:" + repository + ":pull")));
    }
    return out;
  }

  /**
   * A session on the registry itself with the given scopes, e.g.
   * {@code repository:a/b:pull,push} and {@code repository:c/d:pull} for a mount from c/d.
   */
  public RegistrySession session(String host, String repository, AuthConfig auth,
      List<String> scopes) {
    URI base = config.origin(host);
    return new RegistrySession(client(base), base, repository, auth, scopes);
  }

  /**
   * {@code docker login}: checks the credentials against {@code GET /v2/} of the registry,
   * working through its challenge.
   *
   * @param serverAddress {@code host[:port]}, maybe with a scheme and path
   * @throws BerthException.Unauthorized when the registry refuses them
   */
  public void login(String serverAddress, AuthConfig auth) {
    String host = hostOf(serverAddress);
    URI base = config.origin(host);
    RegistrySession s = new RegistrySession(client(base), base, "", auth, List.of());
    URI ping = base.resolve("/v2/");
    HttpRequest.Builder req = HttpRequest.newBuilder(ping).timeout(Duration.ofSeconds(30)).GET();
    HttpResponse<byte[]> r = s.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new BerthException.Unauthorized("login attempt to " + ping + " failed with status: "
          + r.statusCode() + (r.statusCode() == 401 ? " Unauthorized" : " Forbidden"));
    }
    if (r.statusCode() != 200) {
      throw RegistryErrors.of(r.statusCode(), "login attempt to " + ping, r.body());
    }
  }

  /** {@code https://index.docker.io/v1/} → docker.io; {@code http://h:5000/x} → h:5000. */
  public static String hostOf(String serverAddress) {
    if (serverAddress == null || serverAddress.isBlank()) {
      return RegistryConfig.DOCKER_IO;
    }
    String s = serverAddress.trim().replaceFirst("^[a-zA-Z]+://", "");
    int slash = s.indexOf('/');
    s = slash < 0 ? s : s.substring(0, slash);
    return s.equals("index.docker.io") || s.equals(RegistryConfig.DOCKER_IO_API) ? RegistryConfig.DOCKER_IO : s;
  }

  private HttpClient client(URI base) {
    String key = base.getScheme() + "://" + base.getAuthority();
    return clients.computeIfAbsent(key, k -> {
      HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(15));
      if (base.getScheme().equals("https")) {
        b.sslContext(TlsContexts.forHost(base.getAuthority(), config.certsDirs()));
      }
      return b.build();
    });
  }
}
