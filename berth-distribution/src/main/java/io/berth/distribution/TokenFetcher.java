package io.berth.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.common.BerthException;
import io.berth.common.Messages;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The bearer token dance (distribution's {@code docs/spec/auth/token.md}): GET the challenge's
 * realm with {@code service} and {@code scope}, with basic credentials when there are some; or,
 * with an identity token, POST an OAuth2 {@code refresh_token} grant to the same realm.
 */
final class TokenFetcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenFetcher() {}

  /** A token and when it stops being good, in {@link System#nanoTime()} terms. */
  record Token(String value, long expiresAtNanos) {}

  static Token fetch(HttpClient http, Challenge challenge, List<String> scopes, AuthConfig auth) {
    String realm = challenge.param("realm");
    if (realm == null || realm.isEmpty()) {
      throw new BerthException.Unauthorized("bearer challenge without realm");
    }
    String service = challenge.param("service");
    StringBuilder query = new StringBuilder();
    if (service != null) {
      query.append("service=").append(enc(service));
    }
    for (String s : scopes) {
      query.append(query.isEmpty() ? "" : "&").append("scope=").append(enc(s));
    }
    HttpRequest.Builder b;
    if (auth.identityToken() != null && !auth.identityToken().isEmpty()) {
      String form = "grant_type=refresh_token&client_id=berth&refresh_token="
          + enc(auth.identityToken()) + (query.isEmpty() ? "" : "&" + query);
      b = HttpRequest.newBuilder(URI.create(realm))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form));
    } else {
      b = HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + query));
      if (auth.username() != null && !auth.username().isEmpty()) {
        b.header("Authorization", basic(auth));
      }
    }
    b.timeout(Duration.ofSeconds(30));
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw RegistryErrors.of(r.statusCode() == 400 || r.statusCode() == 403 ? 401
            : r.statusCode(), "failed to fetch token from " + realm, r.body());
      }
      JsonNode json = JSON.readTree(r.body());
      String token = json.path("token").asText(json.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new BerthException.Unauthorized("the token server at " + realm
            + " sent no token");
      }
      long seconds = Math.max(60, json.path("expires_in").asLong(60));
      return new Token(token, System.nanoTime() + Duration.ofSeconds(seconds - 10).toNanos());
    } catch (IOException e) {
      throw new BerthException.Unavailable("failed to fetch token from " + realm + ": "
          + Messages.of(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BerthException.Unavailable("interrupted", e);
    }
  }

  static String basic(AuthConfig auth) {
    String pair = auth.username() + ":" + (auth.password() == null ? "" : auth.password());
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
