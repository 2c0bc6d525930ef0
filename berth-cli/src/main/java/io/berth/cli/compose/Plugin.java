package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import io.berth.cli.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * {@code bin/docker-compose}: berth compose as a docker CLI plugin. The docker CLI lists a
 * plugin by running it with {@code docker-cli-plugin-metadata} (it answers the JSON of
 * docker/cli {@code cli-plugins/metadata}), and runs {@code docker [global flags] compose ARGS}
 * as {@code docker-compose [global flags] compose ARGS}: the global flags are read here
 * ({@code -H}, {@code --context}, {@code --config}), the {@code compose} word dropped. The
 * daemon is {@code -H}, else {@code DOCKER_HOST}, else the docker context ({@code --context},
 * {@code DOCKER_CONTEXT}, config.json's {@code currentContext}), else
 * {@code /var/run/docker.sock}. Run by itself ({@code docker-compose up}), it is compose.
 */
public final class Plugin {
  private Plugin() {}

  static final String METADATA = "{\"SchemaVersion\":\"0.1.0\",\"Vendor\":\"berth\","
      + "\"Version\":\"v" + Labels.COMPOSE_VERSION + "\",\"ShortDescription\":\"Docker Compose\","
      + "\"URL\":\"https://github.com/berth\"}";

  private static final Set<String> VALUED = Set.of("-H", "--host", "-c", "--context", "--config",
      "-l", "--log-level", "--tlscacert", "--tlscert", "--tlskey");

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  /** What the docker CLI's global flags and the environment say; then the compose args. */
  record Invocation(String host, String context, String config, List<String> args) {}

  static Invocation parse(String[] args) {
    String host = null;
    String context = null;
    String config = null;
    int i = 0;
    for (; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-")) {
        break;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      } else if (VALUED.contains(a) && i + 1 < args.length) {
        value = args[++i];
      } else if (!VALUED.contains(a)) {
        if (a.startsWith("-H") && a.length() > 2) {
          name = "-H";
          value = a.substring(2);
        } else {
          continue; // -D, --debug, --tls, --tlsverify
        }
      }
      switch (name) {
        case "-H", "--host" -> host = value;
        case "-c", "--context" -> context = value;
        case "--config" -> config = value;
        default -> { }
      }
    }
    List<String> rest = new ArrayList<>(List.of(args).subList(i, args.length));
    if (!rest.isEmpty() && rest.getFirst().equals("compose")) {
      rest.removeFirst();
    }
    return new Invocation(host, context, config, rest);
  }

  static int run(String[] args, Map<String, String> env) {
    if (args.length > 0 && args[0].equals("docker-cli-plugin-metadata")) {
      System.out.println(METADATA);
      return 0;
    }
    Invocation inv = parse(args);
    ComposeCommand root = new ComposeCommand();
    CommandLine cli = ComposeCommand.commandLine(root);
    cli.setCommandName("docker compose");
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CliException c) {
        System.out.flush();
        if (!e.getMessage().isEmpty()) {
          System.err.println(e.getMessage());
        }
        return c.exitCode();
      }
      throw e;
    });
    try {
      root.pluginHost = host(inv, env);
    } catch (CliException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    return cli.execute(inv.args().toArray(String[]::new));
  }

  static String host(Invocation inv, Map<String, String> env) {
    if (inv.host() != null) {
      return inv.host();
    }
    String context = inv.context() != null ? inv.context() : env.get("DOCKER_CONTEXT");
    if (context == null && env.get("DOCKER_HOST") != null && !env.get("DOCKER_HOST").isBlank()) {
      return env.get("DOCKER_HOST");
    }
    Path config = Path.of(inv.config() != null ? inv.config()
        : env.getOrDefault("DOCKER_CONFIG", System.getProperty("user.home") + "/.docker"));
    if (context == null) {
      context = configValue(config.resolve("config.json"), "currentContext");
    }
    if (context == null || context.isBlank() || context.equals("default")) {
      return env.getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    }
    Path meta = config.resolve("contexts/meta").resolve(sha256(context)).resolve("meta.json");
    try {
      JsonNode m = Json.MAPPER.readTree(Files.readString(meta));
      String h = m.path("Endpoints").path("docker").path("Host").asText("");
      if (h.isEmpty()) {
        throw new CliException("context \"" + context + "\" has no docker endpoint");
      }
      return h;
    } catch (IOException e) {
      throw new CliException("context \"" + context + "\" does not exist");
    }
  }

  private static String configValue(Path file, String key) {
    try {
      JsonNode n = Json.MAPPER.readTree(Files.readString(file));
      return n.path(key).isTextual() ? n.get(key).asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
