package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth cp}: files between a container and the host through the archive API, with
 * docker cp's rules (cli {@code command/container/cp.go}): {@code -} is a tar on stdin or
 * stdout; a destination that is a directory receives the source under its own name, any other
 * destination is the source renamed.
 */
@Command(name = "cp", description = "Copy files/folders between a container and the local"
    + " filesystem")
final class CpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)")
  boolean archive;

  @Option(names = {"-L", "--follow-link"}, description = "Always follow symbol link in SRC_PATH")
  boolean followLink;

  @Option(names = {"-q", "--quiet"}, description = "Suppress progress output during copy")
  boolean quiet;

  @Parameters(index = "0", paramLabel = "SRC_PATH") String source;
  @Parameters(index = "1", paramLabel = "DEST_PATH") String dest;

  @Override
  public Integer call() throws IOException {
    int s = source.indexOf(':');
    int d = dest.indexOf(':');
    boolean fromContainer = s > 0 && !source.startsWith("/") && !source.startsWith(".");
    boolean toContainer = d > 0 && !dest.startsWith("/") && !dest.startsWith(".");
    if (fromContainer == toContainer) {
      throw new CliException(fromContainer
          ? "copying between containers is not supported"
          : "must specify at least one container source");
    }
    Api api = BerthCommand.api(spec);
    if (fromContainer) {
      return fromContainer(api, source.substring(0, s), source.substring(s + 1));
    }
    return toContainer(api, dest.substring(0, d), dest.substring(d + 1));
  }

  private int fromContainer(Api api, String container, String path) throws IOException {
    String src = path;
    if (followLink) {
      JsonNode st = stat(api, container, src);
      if (st != null && !st.path("linkTarget").asText("").isEmpty()) {
        src = st.path("linkTarget").asText();
      }
    }
    String target = Query.path("/containers/", container, "/archive").add("path", src)
        .toString();
    if (dest.equals("-")) {
      try (DaemonClient.Streamed r = api.stream("GET", target, null)) {
        r.body().transferTo(System.out);
        System.out.flush();
      }
      return 0;
    }
    Path to = Path.of(dest).toAbsolutePath();
    try (DaemonClient.Streamed r = api.stream("GET", target, null)) {
      JsonNode st = decode(r.headers().get("x-docker-container-path-stat"));
      boolean srcIsDir = st != null && (st.path("mode").asLong() & (1L << 31)) != 0;
      String rename;
      Path into;
      if (Files.isDirectory(to) && !(srcIsDir && path.endsWith("/."))) {
        into = to;
        rename = null;
      } else if (Files.isDirectory(to)) {
        into = to;
        rename = "";
      } else {
        if (dest.endsWith("/")) {
          throw new CliException("destination directory \"" + dest + "\" must exist");
        }
        into = to.getParent();
        rename = to.getFileName().toString();
      }
      long n = HostTar.extract(r.body(), into, rename);
      done(n, dest);
    }
    return 0;
  }

  private int toContainer(Api api, String container, String path) throws IOException {
    if (source.equals("-")) {
      put(api, container, path, System.in);
      return 0;
    }
    Path from = Path.of(source).toAbsolutePath();
    if (!Files.exists(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new CliException("lstat " + from + ": no such file or directory");
    }
    if (followLink) {
      from = from.toRealPath();
    }
    JsonNode st = stat(api, container, path);
    boolean destIsDir = st != null && (st.path("mode").asLong() & (1L << 31)) != 0;
    String dir;
    String name;
    if (destIsDir) {
      dir = path;
      name = source.endsWith("/.") ? "" : from.getFileName().toString();
    } else {
      if (st == null && path.endsWith("/")) {
        throw new CliException("destination directory \"" + path + "\" must exist");
      }
      int slash = path.lastIndexOf('/');
      dir = slash <= 0 ? "/" : path.substring(0, slash);
      name = path.substring(slash + 1);
    }
    Path src = from;
    long[] size = {0};
    PipedInputStream in = new PipedInputStream(64 * 1024);
    PipedOutputStream out = new PipedOutputStream(in);
    AtomicReference<IOException> failed = new AtomicReference<>();
    Thread writer = Thread.ofVirtual().start(() -> {
      try (OutputStream o = out) {
        size[0] = HostTar.write(src, name, o);
      } catch (IOException e) {
        failed.set(e);
      }
    });
    try {
      put(api, container, dir, in);
    } finally {
      in.close();
      try {
        writer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    done(size[0], container + ":" + path);
    return 0;
  }

  private void put(Api api, String container, String dir, InputStream tar) throws IOException {
    Query q = Query.path("/containers/", container, "/archive").add("path", dir)
        .add("noOverwriteDirNonDir", "true");
    if (archive) {
      q.add("copyUIDGID", "true");
    }
    try (DaemonClient.Streamed r = api.stream("PUT", q.toString(),
        new DaemonClient.Body("application/x-tar", tar, -1))) {
      r.body().transferTo(OutputStream.nullOutputStream());
    }
  }

  /** The container path's stat, or null when it does not exist. */
  private static JsonNode stat(Api api, String container, String path) {
    DaemonClient.Response r = api.client().call("HEAD", Query.path("/containers/", container,
        "/archive").add("path", path).toString(), null);
    if (r.status() == 404 && r.headers().get("x-docker-container-path-stat") == null) {
      api.get(Query.path("/containers/", container, "/json").toString()); // 404 No such container
      return null;
    }
    Api.check(r);
    return decode(r.headers().get("x-docker-container-path-stat"));
  }

  private static JsonNode decode(String header) {
    if (header == null || header.isEmpty()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(new String(Base64.getDecoder().decode(header),
          StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private void done(long bytes, String where) {
    if (!quiet) {
      System.err.println("Successfully copied " + Units.size(bytes) + " to " + where);
    }
  }
}
