package io.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth load}: streams a tar to {@code POST /images/load} and renders the answer. */
@Command(name = "load", description = "Load an image from a tar archive or STDIN")
final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-i", "--input"}, paramLabel = "string",
      description = "Read from tar archive file, instead of STDIN")
  String input;

  @Option(names = {"-q", "--quiet"}, description = "Suppress the load output")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    if (input == null && Terminal.stdin.getAsBoolean()) {
      throw new CliException("requested load from stdin, but stdin is empty");
    }
    // Progress bars only make sense on a terminal; docker asks for quiet output otherwise.
    boolean q = quiet || !Terminal.stdout.getAsBoolean();
    try (InputStream in = input == null ? System.in : open(input)) {
      DaemonClient.Body body = new DaemonClient.Body("application/x-tar", in,
          input == null ? -1 : Files.size(Path.of(input)));
      try (DaemonClient.Streamed s = BerthCommand.api(spec).stream("POST",
          Query.path("/images/load").add("quiet", q ? "1" : "0").toString(), body)) {
        if (s.headers().getOrDefault("content-type", "").startsWith("application/json")) {
          JsonMessages.render(s.body(), System.out);
        } else {
          s.body().transferTo(System.out);
          System.out.flush();
        }
      }
    }
    return 0;
  }

  /** Opens a file the user named, with Go's wording when it is missing. */
  static InputStream open(String file) throws IOException {
    try {
      return Files.newInputStream(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new CliException("open " + file + ": no such file or directory");
    }
  }
}
