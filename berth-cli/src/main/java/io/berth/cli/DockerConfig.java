package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import io.berth.common.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Registry credentials where the docker CLI keeps them: {@code $DOCKER_CONFIG/config.json}
 * (default {@code ~/.docker}), {@code auths.<server>.auth} = base64 of {@code user:password},
 * or a credential helper ({@code credHelpers.<server>} or {@code credsStore}) run as
 * {@code docker-credential-<name> get|store|erase}.
 */
final class DockerConfig {
  static final String DOCKER_HUB = "https://index.docker.io/v1/";

  private final Path file;
  private final ObjectNode root;

  private DockerConfig(Path file, ObjectNode root) {
    this.file = file;
    this.root = root;
  }

  static DockerConfig load() {
    String dir = System.getenv("DOCKER_CONFIG");
    Path d = dir != null && !dir.isEmpty() ? Path.of(dir)
        : Path.of(System.getProperty("user.home"), ".docker");
    Path f = d.resolve("config.json");
    try {
      JsonNode n = Files.exists(f) ? Json.MAPPER.readTree(f.toFile()) : null;
      return new DockerConfig(f, n instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode());
    } catch (IOException e) {
      throw new CliException("loading config file " + f + ": " + Messages.of(e));
    }
  }

  /** The key docker uses for a registry: Docker Hub's v1 URL, else {@code host[:port]}. */
  static String serverKey(String host) {
    return host == null || host.isEmpty() || host.equals("docker.io")
        || host.equals("index.docker.io") ? DOCKER_HUB : host;
  }

  /** The registry host of an image name: {@code 127.0.0.1:5000/x} → 127.0.0.1:5000. */
  static String registryOf(String image) {
    String normalized = ImageName.normalized(ImageName.parse(image).repository());
    return normalized.substring(0, normalized.indexOf('/'));
  }

  /** {@code user, password} for {@code server}, or null. */
  String[] credentials(String server) {
    String helper = helperFor(server);
    if (helper != null) {
      String out = runHelper(helper, "get", server);
      if (out == null) {
        return null;
      }
      try {
        JsonNode n = Json.MAPPER.readTree(out);
        return new String[] {n.path("Username").asText(), n.path("Secret").asText()};
      } catch (IOException e) {
        return null;
      }
    }
    String auth = root.path("auths").path(server).path("auth").asText("");
    if (auth.isEmpty()) {
      return null;
    }
    String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    return colon < 0 ? null : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
  }

  /** The {@code X-Registry-Auth} value for {@code server}: its credentials, or {@code e30=}. */
  String registryAuth(String server) {
    String[] c = credentials(server);
    ObjectNode n = Json.MAPPER.createObjectNode();
    if (c != null) {
      n.put("username", c[0]).put("password", c[1]).put("serveraddress", server);
    }
    try {
      return Base64.getUrlEncoder().encodeToString(Json.MAPPER.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void store(String server, String user, String password) {
    String helper = helperFor(server);
    if (helper != null) {
      ObjectNode n = Json.MAPPER.createObjectNode().put("ServerURL", server)
          .put("Username", user).put("Secret", password);
      if (runHelper(helper, "store", n.toString()) == null) {
        throw new CliException("error storing credentials with docker-credential-" + helper);
      }
      auths().putObject(server);
    } else {
      auths().putObject(server).put("auth", Base64.getEncoder().encodeToString(
          (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    save();
  }

  /** Forgets {@code server}; false when nothing was stored. */
  boolean erase(String server) {
    boolean had = root.path("auths").has(server);
    String helper = helperFor(server);
    if (helper != null) {
      had |= runHelper(helper, "erase", server) != null;
    }
    if (root.get("auths") instanceof ObjectNode a) {
      a.remove(server);
    }
    save();
    return had;
  }

  private ObjectNode auths() {
    return root.get("auths") instanceof ObjectNode a ? a : root.putObject("auths");
  }

  private String helperFor(String server) {
    String h = root.path("credHelpers").path(server).asText("");
    if (h.isEmpty()) {
      h = root.path("credsStore").asText("");
    }
    return h.isEmpty() ? null : h;
  }

  /** Runs a credential helper; its stdout, or null when it failed. */
  private static String runHelper(String helper, String action, String input) {
    try {
      Process p = new ProcessBuilder(List.of("docker-credential-" + helper, action))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try (var in = p.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void save() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions
          .fromString("rw-------"));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new CliException("saving config file " + file + ": " + Messages.of(e));
    }
  }
}
