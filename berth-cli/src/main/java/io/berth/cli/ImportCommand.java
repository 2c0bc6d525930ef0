package io.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth import}: a root filesystem tar (file, stdin or URL) as a new image, through
 * {@code POST /images/create?fromSrc=...}; prints the new image's id.
 */
@Command(name = "import",
    description = "Import the contents from a tarball to create a filesystem image")
final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-c", "--change"}, paramLabel = "list",
      description = "Apply Dockerfile instruction to the created image")
  List<String> changes;

  @Option(names = {"-m", "--message"}, paramLabel = "string",
      description = "Set commit message for imported image")
  String message;

  @Parameters(index = "0", paramLabel = "file|URL|-")
  String source;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
  String reference;

  @Override
  public Integer call() throws IOException {
    boolean url = source.startsWith("http://") || source.startsWith("https://");
    Query q = Query.path("/images/create").add("fromSrc", url ? source : "-");
    if (reference != null) {
      ImageName n = ImageName.parse(reference);
      q.add("repo", n.repository());
      if (n.tag() != null) {
        q.add("tag", n.tag());
      }
    }
    if (message != null && !message.isEmpty()) {
      q.add("message", message);
    }
    if (changes != null) {
      changes.forEach(c -> q.add("changes", c));
    }
    try (InputStream in = url ? null : source.equals("-") ? System.in : LoadCommand.open(source)) {
      DaemonClient.Body body = url ? null : new DaemonClient.Body("application/x-tar", in,
          source.equals("-") ? -1 : Files.size(Path.of(source)));
      try (DaemonClient.Streamed s = BerthCommand.api(spec).stream("POST", q.toString(), body)) {
        JsonMessages.render(s.body(), System.out);
      }
    }
    return 0;
  }
}
