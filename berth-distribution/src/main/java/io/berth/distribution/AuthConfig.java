package io.berth.distribution;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.common.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials for one registry, as the Engine API carries them in {@code X-Registry-Auth} and
 * {@code POST /auth}: user and password, or an identity token (OAuth refresh token), or a
 * ready bearer token. All fields may be null; {@link #ANONYMOUS} has none.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AuthConfig(
    @JsonProperty("username") String username,
    @JsonProperty("password") String password,
    @JsonProperty("auth") String auth,
    @JsonProperty("serveraddress") String serverAddress,
    @JsonProperty("identitytoken") String identityToken,
    @JsonProperty("registrytoken") String registryToken) {

  public static final AuthConfig ANONYMOUS = new AuthConfig(null, null, null, null, null, null);

  private static final ObjectMapper JSON = JsonMapper.builder()
      .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true).build();
  /** A body's JSON typed as Go types it: {@code "username":5} is refused, not read as "5". */
  private static final ObjectMapper BODY = io.berth.oci.GoJson.strict(JSON.copy());

  public static AuthConfig basic(String username, String password, String serverAddress) {
    return new AuthConfig(username, password, null, serverAddress, null, null);
  }

  /**
   * Decodes an {@code X-Registry-Auth} header leniently, as moby's {@code authconfig.Decode}:
   * base64url or standard base64, padded or not; an empty header is anonymous. The legacy
   * {@code auth} field ({@code base64(user:password)}) fills user and password.
   */
  public static AuthConfig decodeHeader(String header) {
    if (header == null || header.isBlank()) {
      return ANONYMOUS;
    }
    String s = header.trim().replace('-', '+').replace('_', '/');
    while (s.length() % 4 != 0) {
      s += "=";
    }
    try {
      return fromJson(Base64.getDecoder().decode(s));
    } catch (IllegalArgumentException e) {
      throw BerthException.invalid("invalid X-Registry-Auth header: "
          + io.berth.oci.JsonErrors.describe(e, "AuthConfig"));
    }
  }

  /** Parses the JSON body of {@code POST /auth} or a decoded header. */
  public static AuthConfig fromJson(byte[] json) {
    if (json.length == 0) {
      return ANONYMOUS;
    }
    try {
      // docker-java sends "null" when it has no credentials: Go decodes that to an empty config
      AuthConfig read = BODY.readValue(json, AuthConfig.class);
      return read == null ? ANONYMOUS : read.expandAuth();
    } catch (IOException e) {
      throw BerthException.invalid("invalid registry auth: "
          + io.berth.oci.JsonErrors.describe(e, "AuthConfig"));
    }
  }

  /** The JSON for a header or a request body. */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** base64url of the JSON: the value of {@code X-Registry-Auth}. */
  public String encodeHeader() {
    return Base64.getUrlEncoder().encodeToString(toJson());
  }

  private AuthConfig expandAuth() {
    if ((username == null || username.isEmpty()) && auth != null && !auth.isEmpty()) {
      String pair = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      if (colon > 0) {
        return new AuthConfig(pair.substring(0, colon), pair.substring(colon + 1), null,
            serverAddress, identityToken, registryToken);
      }
    }
    return this;
  }

  /** True when there is something to authenticate with. */
  public boolean hasCredentials() {
    return (username != null && !username.isEmpty()) || identityToken != null
        && !identityToken.isEmpty() || registryToken != null && !registryToken.isEmpty();
  }

  @Override
  public String toString() {
    return "AuthConfig[username=" + username + ", serverAddress=" + serverAddress + "]";
  }
}
