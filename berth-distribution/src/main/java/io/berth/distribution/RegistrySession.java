package io.berth.distribution;

import io.berth.common.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Talks to one repository on one endpoint with one set of credentials. Requests go out with the
 * last good {@code Authorization}; a 401 is answered once by working through its
 * {@code WWW-Authenticate} challenge (basic, or a bearer token for the session's scopes,
 * fetched again when the old one expired or was refused) and repeating the request.
 */
public final class RegistrySession {
  private final HttpClient http;
  private final URI base;
  private final String repository;
  private final AuthConfig auth;
  private final List<String> scopes;
  private volatile String authorization;
  private volatile long expiresAtNanos = Long.MAX_VALUE;

  RegistrySession(HttpClient http, URI base, String repository, AuthConfig auth,
      List<String> scopes) {
    this.http = http;
    this.base = base;
    this.repository = repository;
    this.auth = auth;
    this.scopes = List.copyOf(scopes);
    if (auth.registryToken() != null && !auth.registryToken().isEmpty()) {
      authorization = "Bearer " + auth.registryToken();
    }
  }

  /** The endpoint, e.g. {@code http://127.0.0.1:5000}. */
  public URI base() {
    return base;
  }

  /** The repository path, e.g. {@code library/busybox}. */
  public String repository() {
    return repository;
  }

  /** {@code <base>/v2/<repository>/<suffix>}. */
  URI uri(String suffix) {
    return base.resolve("/v2/" + repository + "/" + suffix);
  }

  /**
   * Sends a request whose body (if any) can be sent twice; answers 401 challenges.
   *
   * @throws BerthException.Unauthorized when the registry still refuses after authenticating
   * @throws BerthException.Unavailable when the registry cannot be reached
   */
  <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    HttpResponse<T> r = sendOnce(request, handler);
    if (r.statusCode() != 401) {
      return r;
    }
    Challenge c = Challenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(null));
    drain(r);
    if (c == null) {
      return r;
    }
    authenticate(c, r.request().method(), r.uri());
    return sendOnce(request, handler);
  }

  /** Works through a challenge; the next request carries the result. */
  void authenticate(Challenge c, String method, URI uri) {
    switch (c.scheme()) {
      case "basic" -> {
        if (auth.username() == null || auth.username().isEmpty()) {
          // dockerd's words
          throw new BerthException.Unauthorized(method.charAt(0)
              + method.substring(1).toLowerCase(java.util.Locale.ROOT) + " \"" + uri
              + "\": no basic auth credentials");
        }
        authorization = TokenFetcher.basic(auth);
      }
      case "bearer" -> {
        List<String> wanted = new ArrayList<>(scopes);
        String challenged = c.param("scope");
        if (challenged != null) {
          for (String s : challenged.split(" ")) {
            if (!wanted.contains(s)) {
              wanted.add(s);
            }
          }
        }
        TokenFetcher.Token t = TokenFetcher.fetch(http, c, wanted, auth);
        authorization = "Bearer " + t.value();
        expiresAtNanos = t.expiresAtNanos();
      }
      default -> throw new BerthException.Unauthorized("unsupported auth scheme " + c.scheme());
    }
  }

  private <T> HttpResponse<T> sendOnce(HttpRequest.Builder request,
      HttpResponse.BodyHandler<T> handler) {
    String a = authorization;
    if (a != null && a.startsWith("Bearer ") && System.nanoTime() - expiresAtNanos > 0) {
      a = null; // expired: let the registry challenge again
    }
    HttpRequest.Builder b = request.copy();
    if (a != null) {
      b.setHeader("Authorization", a);
    }
    HttpRequest req = b.build();
    try {
      return http.send(req, handler);
    } catch (IOException e) {
      throw new BerthException.Unavailable(req.method() + " " + req.uri() + ": "
          + io.berth.common.Messages.of(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BerthException.Unavailable("interrupted: " + req.uri(), e);
    }
  }

  /** Sends a request whose body is a one-time stream: no retry, so auth must be settled. */
  <T> HttpResponse<T> sendStreaming(HttpRequest.Builder request,
      HttpResponse.BodyHandler<T> handler) {
    return sendOnce(request, handler);
  }

  static void drain(HttpResponse<?> r) {
    if (r.body() instanceof InputStream in) {
      try (in) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException e) {
        // the connection is dropped instead of reused
      }
    }
  }

  /** Reads an error body of a streamed response. */
  static byte[] errorBody(HttpResponse<?> r) {
    if (r.body() instanceof InputStream in) {
      try (in) {
        return in.readNBytes(64 * 1024);
      } catch (IOException e) {
        return new byte[0];
      }
    }
    return r.body() instanceof byte[] b ? b : new byte[0];
  }
}
