package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.berth.api.model.Json;
import io.berth.common.DockerIgnore;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth build}: the context directory as a tar (minus {@code .dockerignore}'s matches, as
 * the docker CLI does it client-side) to the classic {@code POST /build}, and the JSON stream
 * rendered as {@code docker build} prints it. {@code -} reads a context tar, or a lone
 * Dockerfile, from stdin. A failing RUN ends the command with the step's exit code.
 */
@Command(name = "build", description = "Build an image from a Dockerfile")
final class BuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-t", "--tag"}, paramLabel = "list",
      description = "Name and optionally a tag in the \"name:tag\" format")
  List<String> tags = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "string",
      description = "Name of the Dockerfile (Default is \"PATH/Dockerfile\")")
  String file;

  @Option(names = "--build-arg", paramLabel = "list", description = "Set build-time variables")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--label", paramLabel = "list", description = "Set metadata for an image")
  List<String> labels = new ArrayList<>();

  @Option(names = "--target", paramLabel = "string",
      description = "Set the target build stage to build.")
  String target;

  @Option(names = "--no-cache", description = "Do not use cache when building the image")
  boolean noCache;

  @Option(names = "--pull", description = "Always attempt to pull a newer version of the image")
  boolean pull;

  @Option(names = {"-q", "--quiet"},
      description = "Suppress the build output and print image ID on success")
  boolean quiet;

  @Option(names = "--iidfile", paramLabel = "string",
      description = "Write the image ID to the file")
  String iidfile;

  @Option(names = "--network", paramLabel = "string",
      description = "Set the networking mode for the RUN instructions during build")
  String network;

  @Option(names = "--add-host", paramLabel = "list",
      description = "Add a custom host-to-IP mapping (host:ip)")
  List<String> addHosts = new ArrayList<>();

  @Option(names = "--platform", paramLabel = "string", description = "Set platform")
  String platform;

  @Option(names = "--explain-cache",
      description = "Say why each step that was not taken from the cache missed it")
  boolean explainCache;

  @Parameters(index = "0", paramLabel = "PATH | -")
  String context;

  @Override
  public Integer call() throws IOException {
    Map<String, String> args = new LinkedHashMap<>();
    for (String a : buildArgs) {
      int eq = a.indexOf('=');
      if (eq < 0) {
        String env = System.getenv(a); // docker: a bare name takes the variable from the env
        if (env != null) {
          args.put(a, env);
        }
      } else {
        args.put(a.substring(0, eq), a.substring(eq + 1));
      }
    }
    Map<String, String> labelMap = new LinkedHashMap<>();
    for (String l : labels) {
      int eq = l.indexOf('=');
      labelMap.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
    }
    Query q = Query.path("/build");
    tags.forEach(t -> q.add("t", t));
    String dockerfile = file == null ? "Dockerfile" : file;
    InputStream body;
    if (context.equals("-")) {
      body = stdinContext();
    } else {
      Path dir = Path.of(context);
      if (!Files.isDirectory(dir)) {
        throw new CliException("unable to prepare context: path \"" + context + "\" not found");
      }
      if (file != null) {
        Path f = Path.of(file);
        Path abs = f.isAbsolute() ? f : Path.of("").toAbsolutePath().resolve(f);
        Path rel = dir.toAbsolutePath().normalize().relativize(abs.normalize());
        if (rel.startsWith("..")) {
          throw new CliException("the Dockerfile (" + file + ") must be within the build"
              + " context (" + context + ")");
        }
        dockerfile = rel.toString();
      }
      body = tarOf(dir, dockerfile);
    }
    q.add("dockerfile", dockerfile);
    if (!args.isEmpty()) {
      q.add("buildargs", Json.MAPPER.writeValueAsString(args));
    }
    if (!labelMap.isEmpty()) {
      q.add("labels", Json.MAPPER.writeValueAsString(labelMap));
    }
    if (target != null) {
      q.add("target", target);
    }
    if (network != null) {
      q.add("networkmode", network);
    }
    if (!addHosts.isEmpty()) {
      q.add("extrahosts", String.join(",", addHosts));
    }
    if (platform != null) {
      q.add("platform", platform);
    }
    q.flag("nocache", noCache).flag("pull", pull).flag("q", quiet)
        .flag("explaincache", explainCache).add("rm", "1").add("version", "1");
    String id = null;
    try (DaemonClient.Streamed s = BerthCommand.api(spec).stream("POST", q.toString(),
        new DaemonClient.Body("application/x-tar", body, -1));
        MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class)
            .readValues(s.body())) {
      while (it.hasNextValue()) {
        JsonNode m = it.nextValue();
        if (m.path("aux").has("ID")) {
          id = m.path("aux").path("ID").asText();
        }
        int code = m.path("errorDetail").path("code").asInt(0);
        if (code > 0 && code != 401) {
          System.out.flush();
          throw new CliException(m.path("errorDetail").path("message").asText(), code, 0);
        }
        JsonMessages.show(m, System.out);
      }
    } finally {
      System.out.flush();
    }
    if (iidfile != null && id != null) {
      Files.writeString(Path.of(iidfile), id);
    }
    return 0;
  }

  /** The context directory as a tar stream, written on a second thread. */
  private static InputStream tarOf(Path dir, String dockerfile) throws IOException {
    Path ignoreFile = dir.resolve(".dockerignore");
    DockerIgnore ignore = new DockerIgnore(Files.exists(ignoreFile)
        ? Files.readString(ignoreFile) : "");
    PipedInputStream in = new PipedInputStream(256 * 1024);
    OutputStream out = new PipedOutputStream(in);
    Thread.ofVirtual().name("build-context").start(() -> {
      try (out) {
        ContextTar.write(dir, ignore, List.of(dockerfile, ".dockerignore"), out);
      } catch (IOException e) {
        // the request failed: its error is reported by the reader
      }
    });
    return in;
  }

  /** {@code build -}: a tar (maybe compressed) is the context; anything else a Dockerfile. */
  private static InputStream stdinContext() throws IOException {
    BufferedInputStream in = new BufferedInputStream(System.in, 64 * 1024);
    in.mark(512);
    byte[] head = in.readNBytes(512);
    in.reset();
    boolean tar = head.length == 512 && new String(head, 257, 5, StandardCharsets.US_ASCII)
        .equals("ustar");
    boolean compressed = head.length > 2 && ((head[0] & 0xff) == 0x1f
        && (head[1] & 0xff) == 0x8b || head[0] == 'B' && head[1] == 'Z'
        || (head[0] & 0xff) == 0xfd && head[1] == '7');
    if (tar || compressed) {
      return in;
    }
    Path tmp = Files.createTempDirectory("berth-build-");
    try {
      Files.write(tmp.resolve("Dockerfile"), in.readAllBytes());
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      ContextTar.write(tmp, new DockerIgnore(""), List.of(), b);
      return new ByteArrayInputStream(b.toByteArray());
    } finally {
      Files.deleteIfExists(tmp.resolve("Dockerfile"));
      Files.deleteIfExists(tmp);
    }
  }
}
