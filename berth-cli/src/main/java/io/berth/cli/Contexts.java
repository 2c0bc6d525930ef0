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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Contexts stored as the docker CLI stores them, so both CLIs share them: one
 * {@code contexts/meta/<sha256 of the name>/meta.json} per context under the docker config
 * directory ({@code $DOCKER_CONFIG}, else {@code ~/.docker}), and the current one in
 * {@code config.json}'s {@code currentContext}. {@code default} is not stored: it is the
 * environment's host.
 */
final class Contexts {
  static final String DEFAULT = "default";

  /** A context: its name, description and docker endpoint host. */
  record Context(String name, String description, String host) {}

  private final Path dir;

  private Contexts(Path dir) {
    this.dir = dir;
  }

  /** The daemon to dial: -H, then BERTH_HOST, DOCKER_HOST, the current context's, the default. */
  static String host(String flag) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    for (String env : new String[] {"BERTH_HOST", "DOCKER_HOST"}) {
      String v = System.getenv(env);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    Contexts contexts = load();
    String current = contexts.current();
    return current.equals(DEFAULT) ? BerthCommand.DEFAULT_HOST : contexts.get(current).host();
  }

  static Contexts load() {
    String d = System.getenv("DOCKER_CONFIG");
    return new Contexts(d != null && !d.isEmpty() ? Path.of(d)
        : Path.of(System.getProperty("user.home"), ".docker"));
  }

  /** {@code DOCKER_CONTEXT}, else config.json's {@code currentContext}, else default. */
  String current() {
    String env = System.getenv("DOCKER_CONTEXT");
    if (env != null && !env.isEmpty()) {
      return env;
    }
    String stored = config().path("currentContext").asText("");
    return stored.isEmpty() ? DEFAULT : stored;
  }

  /** The stored contexts, by name. */
  List<Context> list() {
    List<Context> out = new ArrayList<>();
    Path meta = dir.resolve("contexts/meta");
    if (!Files.isDirectory(meta)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(meta)) {
      for (Path p : dirs.sorted().toList()) {
        Path f = p.resolve("meta.json");
        if (Files.exists(f)) {
          out.add(parse(Json.MAPPER.readTree(f.toFile())));
        }
      }
    } catch (IOException e) {
      throw new CliException("reading contexts: " + Messages.of(e));
    }
    out.sort(java.util.Comparator.comparing(Context::name));
    return out;
  }

  /** A stored context; docker's error when there is none. */
  Context get(String name) {
    Path f = metaDir(name).resolve("meta.json");
    if (!Files.exists(f)) {
      throw new CliException("context \"" + name + "\" does not exist");
    }
    try {
      return parse(Json.MAPPER.readTree(f.toFile()));
    } catch (IOException e) {
      throw new CliException("reading context " + name + ": " + Messages.of(e));
    }
  }

  void create(Context c) {
    if (c.name().equals(DEFAULT) || !c.name().matches("[a-zA-Z0-9][a-zA-Z0-9_.+-]*")) {
      throw new CliException("context name \"" + c.name() + "\" is invalid");
    }
    if (Files.exists(metaDir(c.name()).resolve("meta.json"))) {
      throw new CliException("context \"" + c.name() + "\" already exists");
    }
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("Name", c.name());
    ObjectNode meta = n.putObject("Metadata");
    if (!c.description().isEmpty()) {
      meta.put("Description", c.description());
    }
    ObjectNode docker = n.putObject("Endpoints").putObject("docker");
    docker.put("Host", c.host());
    docker.put("SkipTLSVerify", false);
    write(metaDir(c.name()).resolve("meta.json"), n.toString());
  }

  void remove(String name) {
    get(name);
    Path d = metaDir(name);
    try {
      Files.deleteIfExists(d.resolve("meta.json"));
      Files.deleteIfExists(d);
    } catch (IOException e) {
      throw new CliException("removing context " + name + ": " + Messages.of(e));
    }
    if (config().path("currentContext").asText("").equals(name)) {
      use(DEFAULT);
    }
  }

  /** Makes {@code name} current in config.json; default removes the key, as docker does. */
  void use(String name) {
    if (!name.equals(DEFAULT)) {
      get(name);
    }
    ObjectNode c = config();
    if (name.equals(DEFAULT)) {
      c.remove("currentContext");
    } else {
      c.put("currentContext", name);
    }
    try {
      write(dir.resolve("config.json"),
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(c));
    } catch (IOException e) {
      throw new CliException("writing config.json: " + Messages.of(e));
    }
  }

  /** Where docker keeps a context's metadata: the hex SHA-256 of its name. */
  Path metaDir(String name) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return dir.resolve("contexts/meta").resolve(HexFormat.of().formatHex(h));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode config() {
    Path f = dir.resolve("config.json");
    try {
      JsonNode n = Files.exists(f) ? Json.MAPPER.readTree(f.toFile()) : null;
      return n instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
    } catch (IOException e) {
      throw new CliException("loading config file " + f + ": " + Messages.of(e));
    }
  }

  private static Context parse(JsonNode n) {
    return new Context(n.path("Name").asText(), n.path("Metadata").path("Description").asText(""),
        n.path("Endpoints").path("docker").path("Host").asText(""));
  }

  private static void write(Path f, String text) {
    try {
      Files.createDirectories(f.getParent());
      Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new CliException("writing " + f + ": " + Messages.of(e));
    }
  }
}
