package io.berth.distribution;

import io.berth.common.BerthException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * Entry point to registries: one {@link HttpClient} per endpoint (its own TLS trust from
 * certs.d), and {@link RegistrySession}s per repository and credentials. The endpoint classes
 * ({@link ManifestEndpoint}, {@link BlobEndpoint}, {@link UploadEndpoint}) work on a session.
 *
 * <p>A registry is spoken to over HTTPS, verified against the JDK's CAs and certs.d. An
 * insecure one (insecure-registries, loopback) is probed once: plain HTTP, verified HTTPS, then
 * HTTPS without verification (Docker's InsecureSkipVerify); the first that answers as a registry
 * is remembered. (Docker tries HTTPS first; see ADR 0105 for why berth does not.)
 */
public final class RegistryClient {
  private final RegistryConfig config;
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Endpoint> origins = new ConcurrentHashMap<>();

  public RegistryClient(RegistryConfig config) {
    this.config = config;
  }

  /** How a registry is reached: its base URI, and whether its certificate was verified. */
  public record Endpoint(URI base, boolean verified, HttpClient http) {}

  public RegistryConfig config() {
    return config;
  }

  /** Sessions to pull {@code repository} of registry {@code host}: mirrors first, origin last. */
  public List<RegistrySession> pullSessions(String host, String repository, AuthConfig auth) {
    List<String> scopes = List.of("repository:" + repository + ":pull");
    List<RegistrySession> out = new ArrayList<>();
    for (URI base : config.mirrors(host)) {
      out.add(new RegistrySession(client(base, Trust.VERIFY), base, repository, auth, scopes));
    }
    Endpoint origin = origin(host);
    out.add(new RegistrySession(origin.http(), origin.base(), repository, auth, scopes));
    return out;
  }

  /**
   * A session on the registry itself with the given scopes, e.g.
   * {@code repository:a/b:pull,push} and {@code repository:c/d:pull} for a mount from c/d.
   */
  public RegistrySession session(String host, String repository, AuthConfig auth,
      List<String> scopes) {
    Endpoint origin = origin(host);
    return new RegistrySession(origin.http(), origin.base(), repository, auth, scopes);
  }

  /**
   * {@code docker login}: checks the credentials against {@code GET /v2/} of the registry,
   * working through its challenge.
   *
   * @param serverAddress {@code host[:port]}, maybe with a scheme and path
   * @throws BerthException.Unauthorized when the registry refuses them
   */
  public void login(String serverAddress, AuthConfig auth) {
    Endpoint origin = origin(hostOf(serverAddress));
    RegistrySession s = new RegistrySession(origin.http(), origin.base(), "", auth, List.of());
    URI ping = origin.base().resolve("/v2/");
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
    return s.equals("index.docker.io") || s.equals(RegistryConfig.DOCKER_IO_API)
        ? RegistryConfig.DOCKER_IO : s;
  }

  /** The registry's endpoint, probed once for an insecure registry. */
  public Endpoint origin(String host) {
    String api = RegistryConfig.apiHost(host);
    URI https = URI.create("https://" + api);
    if (!config.isInsecure(api)) {
      return new Endpoint(https, true, client(https, Trust.VERIFY));
    }
    Endpoint known = origins.get(api);
    if (known != null) {
      return known;
    }
    URI http = URI.create("http://" + api);
    for (Endpoint e : List.of(new Endpoint(http, false, client(http, Trust.VERIFY)),
        new Endpoint(https, true, client(https, Trust.VERIFY)),
        new Endpoint(https, false, client(https, Trust.ANY)))) {
      if (isRegistry(e)) {
        origins.put(api, e);
        return e;
      }
    }
    // nothing answers now: try plain HTTP this time, probe again next time
    return new Endpoint(http, false, client(http, Trust.VERIFY));
  }

  /**
   * True when {@code GET /v2/} answers as a registry does (200, or 401/403 for auth). Plain HTTP
   * goes first: a TLS server answers it at once with 400 (Go, nginx), whereas a TLS hello to a
   * plain server may hang until the timeout.
   */
  private static boolean isRegistry(Endpoint e) {
    try {
      HttpResponse<Void> r = e.http().send(HttpRequest.newBuilder(e.base().resolve("/v2/"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
      int s = r.statusCode();
      return s == 200 || s == 401 || s == 403
          || r.headers().firstValue("Docker-Distribution-Api-Version").isPresent();
    } catch (IOException ex) {
      return false;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private enum Trust { VERIFY, ANY }

  private HttpClient client(URI base, Trust trust) {
    String key = base.getScheme() + "://" + base.getAuthority() + "#" + trust;
    return clients.computeIfAbsent(key, k -> {
      HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(15));
      if (base.getScheme().equals("https")) {
        SSLContext ctx = trust == Trust.ANY ? TlsContexts.trustAll()
            : TlsContexts.forHost(base.getAuthority(), config.certsDirs());
        b.sslContext(ctx);
      }
      return b.build();
    });
  }
}
