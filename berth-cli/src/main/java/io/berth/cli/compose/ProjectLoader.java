package io.berth.cli.compose;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a project as {@code docker compose} does: finds the files ({@code -f},
 * {@code COMPOSE_FILE}, else {@code compose.yaml} and friends in the working directory or a
 * parent, with its {@code .override} file), reads {@code .env} from the project directory, and
 * for each file parses, interpolates, checks keys and rewrites short syntaxes; then merges the
 * files in order and resolves the result ({@link Resolver}).
 */
final class ProjectLoader {
  private ProjectLoader() {}

  /** What the command line and the environment say about the project. */
  record Options(List<String> files, String projectName, String projectDirectory,
      List<String> envFiles, List<String> profiles, Map<String, String> env, Path cwd) {}

  private static final List<String> DEFAULTS = List.of("compose.yaml", "compose.yml",
      "docker-compose.yml", "docker-compose.yaml");

  static Project load(Options o) {
    List<Path> files = files(o);
    Path projectDir = o.projectDirectory() != null
        ? o.cwd().resolve(o.projectDirectory()).toAbsolutePath().normalize()
        : files.getFirst().getParent();
    Map<String, String> env = new LinkedHashMap<>();
    Path envFile = null;
    List<Path> envFiles = new ArrayList<>();
    if (o.envFiles().isEmpty()) {
      Path dotEnv = projectDir.resolve(".env");
      if (Files.isRegularFile(dotEnv)) {
        envFiles.add(dotEnv);
      }
    } else {
      o.envFiles().forEach(f -> envFiles.add(o.cwd().resolve(f).toAbsolutePath().normalize()));
    }
    for (Path f : envFiles) {
      env.putAll(EnvFile.read(f, o.env()));
      envFile = f;
    }
    env.putAll(o.env()); // the process environment wins over .env
    Interpolation interpolation = new Interpolation(env);
    ObjectNode merged = null;
    List<YamlFile> sources = new ArrayList<>();
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f);
      } catch (IOException e) {
        throw new CliException("open " + f + ": no such file or directory");
      }
      YamlFile y = YamlFile.parse(f.toString(), text);
      interpolation.apply(y);
      Schema.validate(y);
      Shapes.normalise(y);
      sources.add(y);
      merged = merged == null ? y.tree() : Merge.into(merged, y.tree());
    }
    String name = name(o, env, merged, projectDir);
    Set<String> profiles = new LinkedHashSet<>(o.profiles());
    String envProfiles = env.get("COMPOSE_PROFILES");
    if (profiles.isEmpty() && envProfiles != null && !envProfiles.isBlank()) {
      profiles.addAll(List.of(envProfiles.split(",")));
    }
    ObjectNode model = new Resolver(name, projectDir, env, sources.getFirst()).resolve(merged);
    return new Project(name, projectDir, files, envFile, model, profiles, env);
  }

  static List<Path> files(Options o) {
    List<String> named = o.files();
    if (named.isEmpty() && o.env().get("COMPOSE_FILE") != null
        && !o.env().get("COMPOSE_FILE").isBlank()) {
      named = List.of(o.env().get("COMPOSE_FILE").split(o.env().getOrDefault(
          "COMPOSE_PATH_SEPARATOR", ":")));
    }
    List<Path> out = new ArrayList<>();
    if (!named.isEmpty()) {
      Path base = o.projectDirectory() != null ? o.cwd().resolve(o.projectDirectory()) : o.cwd();
      for (String f : named) {
        Path p = (f.equals("-") ? Path.of("/dev/stdin") : base.resolve(f)).toAbsolutePath()
            .normalize();
        if (!Files.exists(p)) {
          throw new CliException("open " + p + ": no such file or directory");
        }
        out.add(p);
      }
      return out;
    }
    Path start = o.projectDirectory() != null ? o.cwd().resolve(o.projectDirectory()) : o.cwd();
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      for (String d : DEFAULTS) {
        if (Files.isRegularFile(dir.resolve(d))) {
          out.add(dir.resolve(d));
          String base = d.substring(0, d.lastIndexOf('.'));
          for (String ext : List.of(".yaml", ".yml")) {
            Path override = dir.resolve(base + ".override" + ext);
            if (Files.isRegularFile(override)) {
              out.add(override);
              break;
            }
          }
          return out;
        }
      }
    }
    throw new CliException("no configuration file provided: not found");
  }

  /** {@code -p}, then {@code COMPOSE_PROJECT_NAME}, then {@code name:}, then the directory. */
  private static String name(Options o, Map<String, String> env, ObjectNode model, Path dir) {
    String raw;
    boolean given = true;
    if (o.projectName() != null && !o.projectName().isBlank()) {
      raw = o.projectName();
    } else if (env.get("COMPOSE_PROJECT_NAME") != null
        && !env.get("COMPOSE_PROJECT_NAME").isBlank()) {
      raw = env.get("COMPOSE_PROJECT_NAME");
    } else if (model.path("name").isTextual() && !model.path("name").asText().isBlank()) {
      raw = model.path("name").asText();
    } else {
      raw = dir.getFileName() == null ? "default" : dir.getFileName().toString();
      given = false;
    }
    String name = normalise(raw);
    if (given && !name.equals(raw)) {
      throw new CliException("invalid project name \"" + raw + "\": must consist only of"
          + " lowercase alphanumeric characters, hyphens, and underscores as well as start"
          + " with a letter or number");
    }
    if (name.isEmpty()) {
      throw new CliException("project name must not be empty");
    }
    return name;
  }

  /** compose-go's NormalizeProjectName: lower case, only [a-z0-9_-], not starting with - or _. */
  static String normalise(String s) {
    String n = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    return n.replaceFirst("^[_-]+", "");
  }
}
